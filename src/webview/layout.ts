// Pure layout for the timeline page: time → position, ruler ticks, packing overlapping segments
// into rows, and the words on lanes and blocks. No DOM here, so it is unit-tested in plain Node.
import * as l10n from '@vscode/l10n';
import type { TrackKind, ViewSegment, ViewTrack } from '../shared/protocol';

/** Horizontal position of a time, as a percentage of the draft's duration (resizes for free). */
export function percentAt(ms: number, durationMs: number): number {
  if (durationMs <= 0) return 0;
  return Math.min(100, Math.max(0, (ms / durationMs) * 100));
}

/** The duration the timeline spans: the draft's, or further if a segment runs past it. */
export function timelineSpanMs(declaredMs: number, tracks: readonly ViewTrack[]): number {
  let end = declaredMs;
  for (const t of tracks) for (const s of t.segments) end = Math.max(end, s.startMs + s.durationMs);
  return end;
}

export interface Tick { ms: number; percent: number; label: string; major: boolean }

// Steps a person reads easily, in seconds.
const TICK_STEPS_S = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

/** Ruler ticks at least `minSpacingPx` apart across `widthPx`; every fifth one is labelled larger. */
export function rulerTicks(durationMs: number, widthPx: number, minSpacingPx = 64): Tick[] {
  if (durationMs <= 0 || widthPx <= 0) return [];
  const pxPerS = widthPx / (durationMs / 1000);
  const stepS = TICK_STEPS_S.find((s) => s * pxPerS >= minSpacingPx) ?? Math.ceil(minSpacingPx / pxPerS / 3600) * 3600;
  const stepMs = Math.round(stepS * 1000);
  const ticks: Tick[] = [];
  for (let i = 0, ms = 0; ms <= durationMs; i++, ms = i * stepMs) {
    ticks.push({ ms, percent: percentAt(ms, durationMs), label: formatClock(ms), major: i % 5 === 0 });
  }
  return ticks;
}

/**
 * Rows for the segments of one track: overlapping segments go to different rows, each to the
 * lowest free one (interval partitioning, O(n log n)). Returns the row of each segment by its
 * position in the input, and how many rows the lane needs.
 */
export function packRows(segments: readonly Pick<ViewSegment, 'startMs' | 'durationMs'>[]): { rows: number[]; count: number } {
  const order = segments.map((_, i) => i).sort((a, b) => segments[a].startMs - segments[b].startMs || a - b);
  const rowEnds: number[] = []; // end time of the last segment in each row
  const rows = new Array<number>(segments.length);
  for (const i of order) {
    const s = segments[i];
    let row = rowEnds.findIndex((end) => end <= s.startMs);
    if (row === -1) row = rowEnds.push(0) - 1;
    rowEnds[row] = s.startMs + s.durationMs;
    rows[i] = row;
  }
  return { rows, count: Math.max(1, rowEnds.length) };
}

/** `m:ss` with tenths when the time is not whole: the ruler and the details use it. */
export function formatClock(ms: number): string {
  const totalTenths = Math.round(ms / 100);
  const minutes = Math.floor(totalTenths / 600);
  const seconds = Math.floor((totalTenths % 600) / 10);
  const tenths = totalTenths % 10;
  return `${minutes}:${String(seconds).padStart(2, '0')}${tenths ? `.${tenths}` : ''}`;
}

/** Seconds with at most one decimal: "10 s", "2.5 s". */
export function formatSeconds(ms: number): string {
  const s = Math.round(ms / 100) / 10;
  return l10n.t('{0} s', String(s));
}

/** "16:9" for 1920×1080; a ratio with no small whole form is shown as a decimal ("2.35:1"). */
export function aspectRatio(width: number, height: number): string | undefined {
  if (!(width > 0 && height > 0)) return undefined;
  if (Number.isInteger(width) && Number.isInteger(height)) {
    const g = gcd(width, height);
    if (width / g <= 64 && height / g <= 64) return `${width / g}:${height / g}`;
  }
  return `${(width / height).toFixed(2)}:1`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export const TRACK_ICONS: Record<TrackKind, string> = { video: '▶', audio: '♪', text: 'T', other: '◆' };

// When the host sends no heading: the plain word for the kind.
const KIND_WORDS: Record<TrackKind, () => string> = {
  video: () => l10n.t('Video'), audio: () => l10n.t('Audio'), text: () => l10n.t('Text'), other: () => l10n.t('Other'),
};

/** The lane heading: the summary's word for the track, "BGM 35%" with one volume, "Other (9)". */
export function trackLabel(track: Pick<ViewTrack, 'kind' | 'type' | 'heading' | 'segments'>): string {
  const heading = track.heading ?? KIND_WORDS[track.kind]();
  if (track.kind === 'other') return l10n.t('{0} ({1})', heading, track.type);
  if (track.kind !== 'audio') return heading;
  const volumes = new Set(track.segments.map((s) => s.volumePercent).filter((v) => v !== undefined));
  return volumes.size === 1 ? l10n.t('{0} {1}%', heading, String([...volumes][0])) : heading;
}

/** The words on a block: a text segment's words in quotes, else its name, else its number. */
export function segmentLabel(kind: TrackKind, s: Pick<ViewSegment, 'index' | 'name' | 'text' | 'volumePercent'>): string {
  if (kind === 'text' && s.text) return `“${s.text}”`;
  const base = s.name ?? s.text ?? l10n.t('Segment {0}', String(s.index + 1));
  return kind === 'audio' && s.volumePercent !== undefined ? `${base} (${s.volumePercent}%)` : base;
}

/** What a screen reader hears for a block (`label`: its segmentLabel, when the caller has it). */
export function segmentAriaLabel(kind: TrackKind, s: ViewSegment, label = segmentLabel(kind, s)): string {
  const range = l10n.t('{0} to {1}', formatSeconds(s.startMs), formatSeconds(s.startMs + s.durationMs));
  return s.changed ? l10n.t('{0}, {1}, changed by the last edit', label, range) : l10n.t('{0}, {1}', label, range);
}
