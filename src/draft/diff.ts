// What changed between the draft before a turn and after it: the words shown for a turn that
// changed the timeline without saying anything (about 30% of edit turns, per the contract).
//
// Identity: tracks are matched in order by type, preferring the pairing whose segments match best;
// segments are matched in order by their media (`src`), else their name; text segments without
// either are matched by position (preferring equal text). Whatever is left over at the same place
// between two matched segments is a replacement ("replaced clip a with clip b"), the rest are
// additions and removals.
//
// Bounded: unchanged tracks and segments are matched off both ends first, and the rest is compared
// within MAX_COMPARISONS (a 10k-track draft once took 46 s and 1 GB); past it, the change is named
// as too large to compare one by one.
import * as l10n from '@vscode/l10n';
import { CompareBudget, TooLargeToCompare, alignWithReplacements, align } from './align';
import { isUnreadable, type Draft, type DraftReading, type Segment, type Track } from './model';
import { unreadableFormatName } from './summary';
import { percent, seconds, segmentNoun, timeRange, trackNoun } from './words';

export interface DraftChange {
  kind:
    | 'track-added'
    | 'track-removed'
    | 'segment-added'
    | 'segment-removed'
    | 'segment-retimed'
    | 'text-changed'
    | 'segment-changed'
    | 'duration-changed'
    | 'canvas-changed'
    | 'too-large'
    | 'unreadable-changed';
  /** Track index in the draft after the turn (before it, for a removal). */
  track?: number;
  /** Segment index in its track after the turn (before it, for a removal). */
  segment?: number;
  description: string;
}

/** How sure we are that two segments of the same track are the same piece of media (0: not the same). */
function segmentScore(b: Segment, a: Segment): number {
  if (b.src !== undefined && a.src !== undefined) return b.src === a.src ? 4 : 0;
  if (b.name !== undefined && a.name !== undefined) return b.name === a.name ? 3 : 0;
  if (b.src !== undefined || a.src !== undefined || b.name !== undefined || a.name !== undefined) return 0;
  return b.text === a.text ? 3 : 1;
}

/** Comparisons one diff may make: a few MB of alignment tables, well under a second. */
const MAX_COMPARISONS = 1_000_000;

/** Nothing to tell about this pair: the highest segmentScore either can have. */
function sameSegment(b: Segment, a: Segment): boolean {
  return b.start === a.start && b.duration === a.duration && b.name === a.name && b.text === a.text && b.src === a.src
    && b.volume === a.volume && b.style === a.style && changedMetaKeys(b, a).length === 0;
}

/** The same track, unchanged: the highest trackScore either can have. */
function sameTrack(b: Track, a: Track): boolean {
  return String(b.type) === String(a.type) && b.segments.length === a.segments.length && b.segments.every((s, k) => sameSegment(s, a.segments[k] as Segment));
}

function trackScore(b: Track, a: Track, budget: CompareBudget): number {
  if (String(b.type) !== String(a.type)) return 0;
  const same = align(b.segments, a.segments, segmentScore, { unchanged: sameSegment, budget }).filter((p) => p.before !== undefined && p.after !== undefined).length;
  return 1 + same / Math.max(1, b.segments.length, a.segments.length);
}

function sameJson(x: unknown, y: unknown): boolean {
  return JSON.stringify(x) === JSON.stringify(y);
}

function changedMetaKeys(b: Segment, a: Segment): string[] {
  const keys = new Set([...Object.keys(b.meta), ...Object.keys(a.meta)]);
  return [...keys].filter((k) => !sameJson(b.meta[k], a.meta[k])).sort();
}

function segmentChanges(track: Track, b: Segment, a: Segment): DraftChange[] {
  const at = { track: track.index, segment: a.index };
  const noun = segmentNoun(track.kind, a);
  const out: DraftChange[] = [];
  if (b.text !== a.text) {
    const description =
      b.text === undefined
        ? l10n.t('{0} added', noun)
        : a.text === undefined
          ? l10n.t('text "{0}" removed', b.text)
          : /title|标题/i.test(a.style ?? b.style ?? '')
            ? l10n.t('title text "{0}" → "{1}"', b.text, a.text)
            : l10n.t('text "{0}" → "{1}"', b.text, a.text);
    out.push({ kind: 'text-changed', ...at, description });
  }
  if (b.start !== a.start || b.duration !== a.duration) {
    out.push({ kind: 'segment-retimed', ...at, description: l10n.t('{0} now {1} (was {2})', noun, timeRange(a), timeRange(b)) });
  }
  const changed = (description: string) => out.push({ kind: 'segment-changed', ...at, description });
  if (b.name !== a.name && a.name !== undefined) changed(l10n.t('{0} renamed from "{1}"', noun, b.name ?? ''));
  if (b.volume !== a.volume) {
    changed(l10n.t('{0} volume {1} → {2}', noun, b.volume === undefined ? l10n.t('default') : percent(b.volume), a.volume === undefined ? l10n.t('default') : percent(a.volume)));
  }
  if (b.style !== a.style) changed(l10n.t('{0} style {1} → {2}', noun, b.style ?? l10n.t('none'), a.style ?? l10n.t('none')));
  const keys = changedMetaKeys(b, a);
  if (keys.length > 0) changed(l10n.t('{0}: {1} changed', noun, keys.join(', ')));
  return out;
}

function trackChanges(b: Track, a: Track, budget: CompareBudget): DraftChange[] {
  const out: DraftChange[] = [];
  for (const p of alignWithReplacements(b.segments, a.segments, segmentScore, { unchanged: sameSegment, budget })) {
    const before = p.before === undefined ? undefined : b.segments[p.before];
    const after = p.after === undefined ? undefined : a.segments[p.after];
    if (before && after && p.replaced) {
      out.push({
        kind: 'segment-changed',
        track: a.index,
        segment: after.index,
        description: l10n.t('replaced {0} with {1}', segmentNoun(b.kind, before), segmentNoun(a.kind, after)),
      });
    } else if (before && after) {
      out.push(...segmentChanges(a, before, after));
    } else if (after) {
      out.push({ kind: 'segment-added', track: a.index, segment: after.index, description: l10n.t('added {0} ({1})', segmentNoun(a.kind, after), timeRange(after)) });
    } else if (before) {
      out.push({ kind: 'segment-removed', track: b.index, segment: before.index, description: l10n.t('removed {0}', segmentNoun(b.kind, before)) });
    }
  }
  return out;
}

function canvas(d: Draft): string | undefined {
  return d.width !== undefined && d.height !== undefined ? `${d.width}×${d.height}` : undefined;
}

export function diffDrafts(before: DraftReading | undefined, after: DraftReading | undefined): DraftChange[] {
  // A draft this version cannot read is compared by its text: changed or not, never itemised.
  if (isUnreadable(after)) {
    return isUnreadable(before) && before.text === after.text ? [] : [{ kind: 'unreadable-changed', description: l10n.t('the timeline (in {0}, which this version cannot draw)', unreadableFormatName(after)) }];
  }
  const b: Draft = (isUnreadable(before) ? undefined : before) ?? { duration: 0, tracks: [] };
  const a: Draft = after ?? { duration: 0, tracks: [] };
  const out: DraftChange[] = [];
  if (b.duration !== a.duration) {
    out.push({ kind: 'duration-changed', description: l10n.t('duration {0}s → {1}s', seconds(b.duration), seconds(a.duration)) });
  }
  const cb = canvas(b);
  const ca = canvas(a);
  if (cb !== ca && ca !== undefined) {
    out.push({ kind: 'canvas-changed', description: cb === undefined ? l10n.t('canvas set to {0}', ca) : l10n.t('canvas {0} → {1}', cb, ca) });
  }
  try {
    out.push(...tracksChanges(b, a, new CompareBudget(MAX_COMPARISONS)));
  } catch (e) {
    if (!(e instanceof TooLargeToCompare)) throw e;
    const segments = a.tracks.reduce((sum, t) => sum + t.segments.length, 0);
    out.push({ kind: 'too-large', description: l10n.t('too many tracks and segments to compare one by one ({0} tracks, {1} segments)', a.tracks.length, segments) });
  }
  return out;
}

function tracksChanges(b: Draft, a: Draft, budget: CompareBudget): DraftChange[] {
  const out: DraftChange[] = [];
  for (const p of align(b.tracks, a.tracks, (x, y) => trackScore(x, y, budget), { unchanged: sameTrack, budget })) {
    const tb = p.before === undefined ? undefined : b.tracks[p.before];
    const ta = p.after === undefined ? undefined : a.tracks[p.after];
    if (tb && ta) {
      out.push(...trackChanges(tb, ta, budget));
    } else if (ta) {
      const only = ta.segments.length === 1 ? ta.segments[0] : undefined;
      out.push({ kind: 'track-added', track: ta.index, description: l10n.t('added {0}', only ? segmentNoun(ta.kind, only) : trackNoun(ta)) });
    } else if (tb) {
      out.push({ kind: 'track-removed', track: tb.index, description: l10n.t('removed {0}', trackNoun(tb)) });
    }
  }
  return out;
}

/** A rebuilt timeline can differ in dozens of places: past this many, the sentence only counts the rest. */
const CHANGES_LISTED = 8;

/** One sentence for a silent turn: `Changed: title text "A" → "B"; removed the background music.` */
export function describeChanges(changes: DraftChange[]): string {
  if (changes.length === 0) return l10n.t('No changes to the timeline.');
  const listed = changes.slice(0, CHANGES_LISTED).map((c) => c.description);
  const rest = changes.length - listed.length;
  if (rest > 0) listed.push(rest === 1 ? l10n.t('1 more change') : l10n.t('{0} more changes', rest));
  return l10n.t('Changed: {0}.', listed.join('; '));
}
