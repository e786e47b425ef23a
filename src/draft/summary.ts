// The one-line timeline summary in the contract's format:
//   Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)
import * as l10n from '@vscode/l10n';
import { isUnreadable, type DraftReading, type Segment, type Track, type UnreadableDraft } from './model';
import { percent, segmentName, timeRange, trackHeading } from './words';

/** A track with many segments shows this many, then "+N more", so the line stays readable. */
const SEGMENTS_SHOWN = 4;

function segmentPart(track: Track, seg: Segment): string {
  const when = seg.volume === undefined || track.kind !== 'audio' ? timeRange(seg) : `${timeRange(seg)}, ${percent(seg.volume)}`;
  return `${segmentName(track.kind, seg)} (${when})`;
}

function trackPart(track: Track, position: number): string {
  const shown = track.segments.slice(0, SEGMENTS_SHOWN).map((s) => segmentPart(track, s));
  const hidden = track.segments.length - shown.length;
  if (hidden > 0) shown.push(l10n.t('+{0} more', hidden));
  const body = shown.length > 0 ? shown.join(', ') : l10n.t('(empty)');
  return `${position}. ${trackHeading(track)}: ${body}`;
}

/** The name a person reads for a format this version cannot draw. */
export function unreadableFormatName(d: UnreadableDraft): string {
  return d.format === 'draft-v3' ? 'Draft V3' : l10n.t('an unknown format');
}

/** What every front end says of a draft it cannot draw: it is there, and it still exports. */
function unreadableDraftLine(d: UnreadableDraft): string {
  return l10n.t('Timeline: this version cannot draw it (it is in {0}); it can still be exported.', unreadableFormatName(d));
}

export function summarizeDraft(d: DraftReading | undefined): string {
  if (d === undefined) return l10n.t('No timeline yet.');
  if (isUnreadable(d)) return unreadableDraftLine(d);
  if (d.tracks.length === 0) return l10n.t('Timeline: empty.');
  const head = d.tracks.length === 1 ? l10n.t('Timeline (1 track):') : l10n.t('Timeline ({0} tracks):', d.tracks.length);
  return [head, ...d.tracks.map((t, i) => trackPart(t, i + 1))].join(' ');
}
