// The words of the progress line (stderr, terminal only): upload bytes, render %, elapsed time.
import * as l10n from '@vscode/l10n';
import type { ExportStage } from '../nemo/exporter';

/** 65_000 → "1:05". */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** 1_572_864 → "1.5 MB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.min(100, Math.floor((part / whole) * 100)) : 0;
}

export function uploadProgressLine(sent: number, total: number, fileName: string): string {
  return l10n.t('Uploading {0}: {1} of {2} ({3}%)', fileName, formatBytes(sent), formatBytes(total), percent(sent, total));
}

export function exportProgressLine(s: ExportStage): string {
  const elapsed = formatElapsed(s.elapsedMs);
  switch (s.stage) {
    case 'reading':
      return l10n.t('Reading the timeline… {0}', elapsed);
    case 'queued':
      return l10n.t('Render queued… {0}', elapsed);
    case 'rendering':
      if (s.reconnecting) return l10n.t('Connection lost, still checking the render… {0}', elapsed);
      return l10n.t('Rendering… {0}% {1}', s.progress ?? 0, elapsed);
    case 'downloading':
    case 'done':
      return s.total
        ? l10n.t('Downloading… {0} of {1} ({2}%) {3}', formatBytes(s.bytes ?? 0), formatBytes(s.total), percent(s.bytes ?? 0, s.total), elapsed)
        : l10n.t('Downloading… {0} {1}', formatBytes(s.bytes ?? 0), elapsed);
  }
}
