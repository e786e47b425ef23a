// Export on this machine: the session's state → its media (cached) → the plan → ffmpeg → an MP4 in
// the export folder. It reports the same stages as a cloud export (src/nemo/exporter.ts), so every
// front end shows it with the progress line, notification or panel stage it already has.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as l10n from '@vscode/l10n';
import { isExportReady, isUnreadable, unreadableFormatName, type Draft } from '../draft';
import { NemoError } from '../nemo/errors';
import type { ExportStage } from '../nemo/exporter';
import { videoFileName } from '../nemo/fileNames';
import { getState } from '../nemo/state';
import type { Transport } from '../nemo/transport';
import { gatherMedia } from './media';
import { planRender, type PlanInput, type ScaleMode } from './plan';
import { runRender, shippedFontPath } from './runner';

export interface LocalExportOptions {
  outDir: string;
  ffmpegPath: string;
  /** Where downloaded media is kept between exports. */
  cacheDir: string;
  scale?: ScaleMode;
  /** Text the file name is made from; the draft's title otherwise. */
  baseName?: string;
  fontPath?: string;
  fps?: number;
  onStage?: (stage: ExportStage) => void;
  signal?: AbortSignal;
}

export interface LocalExportResult {
  file: string;
  bytes: number;
  /** Segments drawn as a placeholder (or left silent) because their media could not be had. */
  missing: { name: string; reason?: string }[];
}

export async function exportLocally(t: Transport, sessionId: string, opts: LocalExportOptions): Promise<LocalExportResult> {
  const started = Date.now();
  const stage = (s: Omit<ExportStage, 'elapsedMs'>) => opts.onStage?.({ ...s, elapsedMs: Date.now() - started });
  stage({ stage: 'reading' });
  const state = await getState(t, sessionId, opts.signal);
  if (isUnreadable(state.draft)) {
    throw new NemoError('invalid-input', l10n.t("This version cannot render this timeline on this machine: it is in {0}. Export it with Nemo's cloud export instead.", unreadableFormatName(state.draft)),
      { details: { sessionId, reason: 'unreadable-draft' } });
  }
  const draft = state.draft;
  if (!draft || !isExportReady(draft) || draft.duration <= 0) {
    throw new NemoError('invalid-input', l10n.t('There is nothing to export yet: the timeline has no clips. Generate or add some first.'),
      { details: { sessionId, reason: 'not-export-ready' } });
  }
  stage({ stage: 'downloading', bytes: 0 });
  const found = await gatherMedia(draft, state.state, {
    transport: t, ffmpegPath: opts.ffmpegPath, cacheDir: opts.cacheDir, signal: opts.signal,
    onBytes: (bytes) => stage({ stage: 'downloading', bytes }),
  });
  const outDir = resolve(opts.outDir);
  await mkdir(outDir, { recursive: true });
  const dest = join(outDir, videoFileName(opts.baseName ?? draft.title));
  const result = await renderDraft(draft, found.media, dest, { ...opts, newFile: true, onProgress: (p) => stage({ stage: 'rendering', progress: p.percent }) });
  const reasons = new Map(found.problems.map((p) => [p.name, p.reason]));
  stage({ stage: 'done', bytes: result.bytes, total: result.bytes });
  return { file: result.file, bytes: result.bytes, missing: result.missing.map((m) => ({ name: m.name, reason: reasons.get(m.name) })) };
}

export interface RenderDraftOptions {
  ffmpegPath: string;
  scale?: ScaleMode;
  fontPath?: string;
  fps?: number;
  preset?: PlanInput['preset'];
  onProgress?: (p: { percent: number; elapsedMs: number }) => void;
  signal?: AbortSignal;
  /** Never replace a file (runner.ts): a local export's video; the emulator's render cache replaces. */
  newFile?: boolean;
}

/** Plan + run: the one way a draft becomes an MP4 here, for local exports and the emulator's renders. */
export async function renderDraft(draft: Draft, media: Parameters<typeof planRender>[0]['media'], dest: string, opts: RenderDraftOptions) {
  const plan = planRender({ draft, media, scale: opts.scale ?? 'fit', fps: opts.fps, preset: opts.preset });
  const run = await runRender(plan, dest, {
    ffmpegPath: opts.ffmpegPath, fontPath: opts.fontPath ?? shippedFontPath(), onProgress: opts.onProgress, signal: opts.signal, newFile: opts.newFile,
  });
  return { file: run.path, bytes: run.bytes, missing: plan.missing };
}
