// `nemo export`: render the folder's timeline and download the MP4 into --out.
// The submitted job is written down at once: a render goes on when the process is killed, and the
// next `nemo export` picks it up instead of rendering the same timeline again. Any new turn in the
// folder forgets it (the timeline changed, so that render is stale).
import * as l10n from '@vscode/l10n';
import { isNemoError } from '../../nemo/errors';
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
export async function exportSession(ctx: CliContext, baseName?: string): Promise<ExportResult> {
  let saving: Promise<void> | undefined;
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
    // A render that failed or was cancelled (Ctrl-C cancels it) will never give a file; anything
    // else (a dropped connection, a full disk) leaves the job to resume next time.
    await saving;
    if (isNemoError(e) && (e.kind === 'render-failed' || e.kind === 'aborted' || e.kind === 'session-lost')) await ctx.pendingRender.clear();
    throw e;
  }
}

export function exportResultFields(r: ExportResult): Record<string, unknown> {
  return { file: r.file, bytes: r.bytes, renderId: r.renderId };
}

export function savedLine(r: ExportResult): string {
  return l10n.t('Saved {0} ({1})', r.file, formatBytes(r.bytes));
}

export async function runExport(ctx: CliContext): Promise<void> {
  const r = await exportSession(ctx);
  ctx.out.result(exportResultFields(r), [savedLine(r)]);
}
