// `nemo export`: render the folder's timeline and download the MP4 into --out.
import * as l10n from '@vscode/l10n';
import type { ExportResult } from '../../nemo/exporter';
import type { CliContext } from '../context';
import { exportProgressLine, formatBytes } from '../progressText';

/** Exports the given session (the one just generated) or the folder's current one. */
export async function exportSession(ctx: CliContext, baseName?: string): Promise<ExportResult> {
  // Never retried in a new session: a lost session's timeline is gone, the new one is empty.
  return ctx.sessions.run((sid) => ctx.client.exportVideo(sid, {
    outDir: ctx.global.outDir,
    baseName,
    signal: ctx.signal,
    onStage: (s) => ctx.out.progress(exportProgressLine(s), s.stage !== 'rendering' && s.stage !== 'downloading'),
  }), { safeToRetry: false, signal: ctx.signal });
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
