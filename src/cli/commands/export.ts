// `nemo export`: render the folder's timeline and download the MP4 into --out.
// The submitted job is written down at once: a render goes on when the process is killed, and the
// next `nemo export` picks it up instead of rendering the same timeline again. Any new turn in the
// folder forgets it (the timeline changed, so that render is stale), and so does a failure that no
// resume could get past (exporter.ts isResumable): said once, then the next export starts afresh.
// `nemo export --new` forgets it first; `nemo export --local` renders on this machine instead.
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { exportLocally, locateFfmpeg, type ScaleMode } from '../../localRender';
import { NemoError, isResumable } from '../../nemo/errors';
import type { ExportResult, ExportStage } from '../../nemo/exporter';
import type { CliContext } from '../context';
import { exportProgressLine, formatBytes } from '../progressText';

function showStage(ctx: CliContext): (s: ExportStage) => void {
  return (s) => ctx.out.progress(exportProgressLine(s), s.stage !== 'rendering' && s.stage !== 'downloading');
}

async function resumePending(ctx: CliContext): Promise<ExportResult | undefined> {
  const job = await ctx.pendingRender.get();
  if (!job || job.sessionId !== (await ctx.sessions.current(ctx.signal))) return undefined;
  ctx.out.note(l10n.t('Resuming the render {0} started at {1}.', job.renderId, job.submittedAt));
  return ctx.client.resumeExport(job, { outDir: ctx.global.outDir, onStage: showStage(ctx), signal: ctx.signal });
}

/** Exports the folder's current session (the one just generated, after `generate`). */
export async function exportSession(ctx: CliContext, baseName?: string, opts: { fresh?: boolean } = {}): Promise<ExportResult> {
  let saving: Promise<void> | undefined;
  if (opts.fresh) await ctx.pendingRender.clear();
  try {
    const result = await resumePending(ctx) ?? await ctx.sessions.run((sid) => ctx.client.exportVideo(sid, {
      outDir: ctx.global.outDir,
      baseName,
      signal: ctx.signal,
      onStage: showStage(ctx),
      onSubmitted: (job) => {
        saving = ctx.pendingRender.set(job);
      },
    // Never retried in a new session: a lost session's timeline is gone, the new one is empty.
    }), { safeToRetry: false, signal: ctx.signal });
    await saving;
    await ctx.pendingRender.clear();
    return result;
  } catch (e) {
    // Only a dropped connection or a full disk leaves the job to resume next time; a failed,
    // cancelled (Ctrl-C cancels it) or unknown render, or a damaged record, never gives a file.
    await saving;
    if (!isResumable(e)) await ctx.pendingRender.clear();
    throw e;
  }
}

export function exportResultFields(r: ExportResult): Record<string, unknown> {
  return { file: r.file, bytes: r.bytes, renderId: r.renderId };
}

export function savedLine(r: { file: string; bytes: number }): string {
  return l10n.t('Saved {0} ({1})', r.file, formatBytes(r.bytes));
}

/** `nemo export [--new] [--local]`; the cloud render is the default, and never falls back to a local one unasked. */
export async function runExport(ctx: CliContext, how: { fresh?: boolean; local?: boolean; scale?: ScaleMode } = {}): Promise<void> {
  if (how.local) return runLocalExport(ctx, how.scale);
  const r = await exportSession(ctx, undefined, { fresh: how.fresh });
  ctx.out.result(exportResultFields(r), [savedLine(r)]);
}

/** `nemo export --local`: the folder's timeline rendered here with ffmpeg, media cached in $NEMO_HOME. */
async function runLocalExport(ctx: CliContext, scale: ScaleMode | undefined): Promise<void> {
  const ffmpeg = await locateFfmpeg({ env: ctx.env });
  if (!ffmpeg.found) throw new NemoError('invalid-input', ffmpeg.message);
  const r = await ctx.sessions.run((sid) => exportLocally(ctx.client.transport, sid, {
    outDir: ctx.global.outDir,
    ffmpegPath: ffmpeg.path,
    cacheDir: join(ctx.home, 'media-cache'),
    scale,
    signal: ctx.signal,
    onStage: showStage(ctx),
  }), { safeToRetry: false, signal: ctx.signal });
  const lines = [savedLine(r)];
  if (r.missing.length > 0) {
    const names = r.missing.map((m) => (m.reason ? l10n.t('{0} ({1})', m.name, m.reason) : m.name)).join(', ');
    lines.unshift(l10n.t('Media not found, drawn as a labelled placeholder or left silent: {0}', names));
  }
  ctx.out.result({ file: r.file, bytes: r.bytes, local: true, missing: r.missing }, lines);
}
