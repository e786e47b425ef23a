// From the session's data to what the timeline page draws. Pure (no vscode), so it is
// unit-tested in plain Node; TimelinePanel only adds the webview URI of the exported file. The
// backend's names and texts are shown as text, and cleaned first (src/shared/safeText.ts).
import { isUnreadable, unreadableFormatName, type Draft, type DraftChange, type DraftReading, type Segment } from '../../draft';
import { trackHeading } from '../../draft/words';
import type { TimelineView, ViewDraft, ViewMedia, ViewSegment } from '../../shared/protocol';
import { cleanText, oneLineText } from '../../shared/safeText';

/** What the extension hands TimelinePanel.setState(). */
export type TimelineViewState = Omit<TimelineView, 'exported'> & {
  /** Absolute path of this session's latest exported MP4, if any. */
  exportFile?: string;
};

export interface TimelineViewInput {
  sessionId?: string;
  draft: DraftReading | undefined;
  /** The session state's `state` object (video_infos, generated_media, ...), as parsed. */
  state?: Record<string, unknown>;
  /** What the last edit changed (diffDrafts(before, after)): highlighted in the page. */
  changes?: readonly DraftChange[];
  exportFile?: string;
}

const MAX_META_ENTRIES = 100;
const MAX_META_VALUE = 2_000;

export function toTimelineViewState(input: TimelineViewInput): TimelineViewState {
  const media = [...mediaList(input.state?.generated_media), ...mediaList(input.state?.video_infos)];
  const changes = input.changes ?? [];
  const view: TimelineViewState = {
    media,
    changes: changes.map((c) => c.description),
  };
  if (input.sessionId !== undefined) view.sessionId = input.sessionId;
  if (isUnreadable(input.draft)) view.unreadableDraft = { formatName: unreadableFormatName(input.draft) };
  else if (input.draft) view.draft = toViewDraft(input.draft, changes, thumbnailsBySource(media));
  if (input.exportFile !== undefined) view.exportFile = input.exportFile;
  return view;
}

function toViewDraft(d: Draft, changes: readonly DraftChange[], thumbnails: Map<string, string>): ViewDraft {
  const live = changes.filter((c) => c.kind !== 'track-removed' && c.kind !== 'segment-removed');
  const changedTracks = new Set(live.filter((c) => c.kind === 'track-added').map((c) => c.track));
  const changedSegments = new Set(live.filter((c) => c.segment !== undefined).map((c) => `${c.track}:${c.segment}`));
  const out: ViewDraft = {
    durationMs: d.duration,
    tracks: d.tracks.map((t) => ({
      index: t.index,
      kind: t.kind,
      type: String(t.type),
      heading: trackHeading(t),
      changed: changedTracks.has(t.index),
      segments: t.segments.map((s) => toViewSegment(s, changedTracks.has(t.index) || changedSegments.has(`${t.index}:${s.index}`), thumbnails)),
    })),
  };
  if (d.title !== undefined) out.title = oneLineText(d.title);
  if (d.width !== undefined) out.width = d.width;
  if (d.height !== undefined) out.height = d.height;
  return out;
}

function toViewSegment(s: Segment, changed: boolean, thumbnails: Map<string, string>): ViewSegment {
  const out: ViewSegment = { index: s.index, startMs: s.start, durationMs: s.duration, meta: metaText(s.meta), changed };
  if (s.name !== undefined) out.name = oneLineText(s.name);
  if (s.text !== undefined) out.text = cleanText(s.text);
  if (s.src !== undefined) out.src = s.src;
  if (s.style !== undefined) out.style = s.style;
  if (s.volume !== undefined) out.volumePercent = Math.round(s.volume * 100);
  const thumbnail = imageUrl(s.meta.thumbnail) ?? imageUrl(s.meta.cover) ?? (s.src !== undefined ? thumbnails.get(s.src) : undefined);
  if (thumbnail !== undefined) out.thumbnail = thumbnail;
  return out;
}

/** Metadata shown as text: strings as they are, anything else as short JSON. */
function metaText(meta: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta).slice(0, MAX_META_ENTRIES)) {
    const text = oneLineText(typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));
    out[oneLineText(k.slice(0, 200))] = text.length > MAX_META_VALUE ? `${text.slice(0, MAX_META_VALUE)}…` : text;
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function firstString(o: Record<string, unknown>, keys: string[]): string | undefined {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

function positive(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

/** An https URL (what the page's CSP lets it show from the media CDN), or undefined. */
function imageUrl(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > 8_192) return undefined;
  try {
    return new URL(v).protocol === 'https:' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `generated_media` / `video_infos` are not specified beyond "media the session knows": accept an
 * array or an id → item map, and the field names seen in upload answers and agent output.
 */
function mediaList(raw: unknown): ViewMedia[] {
  const items = Array.isArray(raw) ? raw : isRecord(raw) ? Object.values(raw) : [];
  return items.filter(isRecord).map((m) => {
    const url = firstString(m, ['url', 'cdn_url', 'src', 'video_url', 'image_url']);
    const kind = firstString(m, ['type', 'file_type', 'kind', 'media_type']);
    const name = firstString(m, ['name', 'filename', 'title', 'id']) ?? url?.split('/').pop() ?? '?';
    const out: ViewMedia = { name };
    if (kind !== undefined) out.kind = kind;
    if (url !== undefined) out.url = url;
    const thumbnail = imageUrl(firstString(m, ['thumbnail', 'thumbnail_url', 'thumb', 'cover', 'cover_url', 'poster']))
      ?? (kind === 'image' ? imageUrl(url) : undefined);
    if (thumbnail !== undefined) out.thumbnail = thumbnail;
    const seconds = positive(m.duration); // upload answers and generated media give seconds
    if (seconds !== undefined) out.durationMs = Math.round(seconds * 1000);
    const width = positive(m.width);
    const height = positive(m.height);
    if (width !== undefined) out.width = width;
    if (height !== undefined) out.height = height;
    return out;
  });
}

function thumbnailsBySource(media: ViewMedia[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of media) if (m.url !== undefined && m.thumbnail !== undefined) map.set(m.url, m.thumbnail);
  return map;
}
