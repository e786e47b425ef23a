// The one host ⇄ webview protocol of the timeline panel. Message names read `scope/noun/verb`.
// Every message is validated on arrival on both sides with the parsers at the end of this file:
// the host never trusts the page (it could be compromised by a rendered payload) and the page
// never trusts the host's data (it carries backend strings).
import {
  arr, bool, check, type Guard, isPlainObject, num, obj, oneOf, optional, ProtocolError, resourceUrl, str, stringMap,
} from './guards';

export const TIMELINE_VIEW_TYPE = 'nemo.timeline';

/** Limits the host enforces on the page's input. */
export const MAX_PROMPT_CHARS = 20_000;
const MAX_SEGMENTS_PER_TRACK = 20_000;
const MAX_CONVERSATION = 50;

export type TrackKind = 'video' | 'audio' | 'text' | 'other';
export const TRACK_KINDS = ['video', 'audio', 'text', 'other'] as const satisfies readonly TrackKind[];

export interface ViewSegment {
  index: number;            // position in the track's `sg` array: the key the page patches by
  startMs: number;
  durationMs: number;
  name?: string;
  text?: string;
  src?: string;             // shown as text only
  style?: string;
  volumePercent?: number;
  thumbnail?: string;       // an image URL (https or webview resource)
  meta: Record<string, string>;
  changed: boolean;         // touched by the last edit
}

export interface ViewTrack {
  index: number;            // position in the draft's `t` array
  kind: TrackKind;
  type: string;             // the raw track type (`tt`) as text, for "other" lanes
  heading?: string;         // "Video", "BGM", "Title", ...: the summary's wording (src/draft)
  changed: boolean;         // the track itself was added or changed as a whole
  segments: ViewSegment[];
}

export interface ViewDraft {
  durationMs: number;
  title?: string;
  width?: number;
  height?: number;
  tracks: ViewTrack[];
}

export interface ViewMedia {
  name: string;
  kind?: string;            // 'video' | 'image' | 'audio' | whatever the state says
  url?: string;             // shown as text only
  thumbnail?: string;
  durationMs?: number;
  width?: number;
  height?: number;
}

export interface ExportedVideo {
  name: string;             // file name shown to the user
  src: string;              // webview URI of the file (asWebviewUri)
}

/** A draft the page cannot draw: only its format's name, as the host words it ("Draft V3"). */
export interface UnreadableDraftNote { formatName: string }

/** Everything the page draws for a session. */
export interface TimelineView {
  sessionId?: string;
  draft?: ViewDraft;        // absent: the session has no timeline yet (or one the page cannot draw)
  /** The session has a draft this version cannot read (Draft V3, say): the page says so instead of "no timeline yet". */
  unreadableDraft?: UnreadableDraftNote;
  media: ViewMedia[];
  changes: string[];        // one line per change of the last edit
  exported?: ExportedVideo;
}

/** The client exporter's stages (src/nemo/exporter.ts ExportStageName) plus how a job can end badly. */
export type ExportStage = 'reading' | 'queued' | 'rendering' | 'downloading' | 'done' | 'failed' | 'cancelled';
export const EXPORT_STAGES = ['reading', 'queued', 'rendering', 'downloading', 'done', 'failed', 'cancelled'] as const satisfies readonly ExportStage[];

export interface ExportProgress {
  stage: ExportStage;
  percent?: number;         // 0-100
  message?: string;         // already worded for the user (an error, the saved file)
}

export interface Credits { available: number; frozen: number; total: number }

export interface ConversationEntry {
  prompt: string;
  reply: string;
  error?: string;
  done: boolean;
}

/**
 * The panel's whole state. The host keeps one to answer every `ready` (the page is rebuilt each
 * time it is hidden and shown again), the page persists one with `setState` so a restored panel
 * draws at once without a network call.
 */
export interface PanelSnapshot {
  view?: TimelineView;
  busy: boolean;
  busyLabel?: string;
  exportProgress?: ExportProgress;
  credits?: Credits;
  conversation: ConversationEntry[];
}

export type HostMessage =
  | { type: 'timeline/snapshot/set'; snapshot: PanelSnapshot }
  | { type: 'timeline/view/set'; view: TimelineView }
  | { type: 'timeline/reply/start'; prompt: string }
  | { type: 'timeline/reply/append'; text: string }
  | { type: 'timeline/reply/end'; error?: string }
  | { type: 'timeline/busy/set'; busy: boolean; label?: string }
  | { type: 'timeline/export/progress'; progress: ExportProgress }
  | { type: 'timeline/credits/set'; credits: Credits };

export type PageMessage =
  | { type: 'timeline/page/ready' }
  | { type: 'timeline/prompt/send'; text: string }
  | { type: 'timeline/export/start' }
  | { type: 'timeline/export/startLocal' }
  | { type: 'timeline/view/refresh' }
  | { type: 'timeline/session/new' }
  | { type: 'timeline/credits/show' }
  | { type: 'timeline/webEditor/open' }
  | { type: 'timeline/video/openExternally' };

// ---- guards -------------------------------------------------------------------------------

const ms = num({ min: 0 });
const index = num({ min: 0, int: true });

const segmentGuard: Guard<ViewSegment> = obj({
  index,
  startMs: ms,
  durationMs: ms,
  name: optional(str({ max: 10_000 })),
  text: optional(str({ max: 10_000 })),
  src: optional(str({ max: 8_192 })),
  style: optional(str({ max: 1_000 })),
  volumePercent: optional(num({ min: 0, max: 10_000 })),
  thumbnail: optional(resourceUrl()),
  meta: stringMap(),
  changed: bool,
});

const trackGuard: Guard<ViewTrack> = obj({
  index,
  kind: oneOf(TRACK_KINDS),
  type: str({ max: 100 }),
  heading: optional(str({ max: 200 })),
  changed: bool,
  segments: arr(segmentGuard, MAX_SEGMENTS_PER_TRACK),
});

const draftGuard: Guard<ViewDraft> = obj({
  durationMs: ms,
  title: optional(str({ max: 10_000 })),
  width: optional(num({ min: 0 })),
  height: optional(num({ min: 0 })),
  tracks: arr(trackGuard, 1_000),
});

const mediaGuard: Guard<ViewMedia> = obj({
  name: str({ max: 10_000 }),
  kind: optional(str({ max: 100 })),
  url: optional(str({ max: 8_192 })),
  thumbnail: optional(resourceUrl()),
  durationMs: optional(ms),
  width: optional(num({ min: 0 })),
  height: optional(num({ min: 0 })),
});

const viewGuard: Guard<TimelineView> = obj({
  sessionId: optional(str({ max: 200 })),
  draft: optional(draftGuard),
  unreadableDraft: optional(obj({ formatName: str({ max: 200 }) })),
  media: arr(mediaGuard, 10_000),
  changes: arr(str({ max: 10_000 }), 10_000),
  exported: optional(obj({ name: str({ max: 1_000 }), src: resourceUrl() })),
});

const progressGuard: Guard<ExportProgress> = obj({
  stage: oneOf(EXPORT_STAGES),
  percent: optional(num({ min: 0, max: 100 })),
  message: optional(str({ max: 10_000 })),
});

const creditsGuard: Guard<Credits> = obj({ available: num(), frozen: num(), total: num() });

const entryGuard: Guard<ConversationEntry> = obj({
  prompt: str({ max: MAX_PROMPT_CHARS }),
  reply: str({ max: 1_000_000 }),
  error: optional(str({ max: 10_000 })),
  done: bool,
});

const snapshotGuard: Guard<PanelSnapshot> = obj({
  view: optional(viewGuard),
  busy: bool,
  busyLabel: optional(str({ max: 1_000 })),
  exportProgress: optional(progressGuard),
  credits: optional(creditsGuard),
  conversation: arr(entryGuard, MAX_CONVERSATION),
});

const hostBodies: { [K in HostMessage['type']]: Guard<Omit<Extract<HostMessage, { type: K }>, 'type'>> } = {
  'timeline/snapshot/set': obj({ snapshot: snapshotGuard }),
  'timeline/view/set': obj({ view: viewGuard }),
  'timeline/reply/start': obj({ prompt: str({ max: MAX_PROMPT_CHARS }) }),
  'timeline/reply/append': obj({ text: str({ max: 1_000_000 }) }),
  'timeline/reply/end': obj({ error: optional(str({ max: 10_000 })) }),
  'timeline/busy/set': obj({ busy: bool, label: optional(str({ max: 1_000 })) }),
  'timeline/export/progress': obj({ progress: progressGuard }),
  'timeline/credits/set': obj({ credits: creditsGuard }),
};

const empty = obj({});
const pageBodies: { [K in PageMessage['type']]: Guard<Omit<Extract<PageMessage, { type: K }>, 'type'>> } = {
  'timeline/page/ready': empty,
  'timeline/prompt/send': obj({ text: str({ max: MAX_PROMPT_CHARS, nonEmpty: true }) }),
  'timeline/export/start': empty,
  'timeline/export/startLocal': empty,
  'timeline/view/refresh': empty,
  'timeline/session/new': empty,
  'timeline/credits/show': empty,
  'timeline/webEditor/open': empty,
  'timeline/video/openExternally': empty,
};

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string };

function parseWith<T extends { type: string }>(bodies: Record<string, Guard<object>>, raw: unknown): Parsed<T> {
  if (!isPlainObject(raw)) return { ok: false, error: 'message: expected an object' };
  const type = raw.type;
  if (typeof type !== 'string' || !Object.hasOwn(bodies, type)) {
    return { ok: false, error: `message: unknown type ${JSON.stringify(String(type)).slice(0, 80)}` };
  }
  try {
    return { ok: true, message: { type, ...check(bodies[type], raw, '') } as T };
  } catch (err) {
    if (err instanceof ProtocolError) return { ok: false, error: `${type}: ${err.message}` };
    throw err;
  }
}

/** Host side: what the page sent. */
export function parsePageMessage(raw: unknown): Parsed<PageMessage> {
  return parseWith<PageMessage>(pageBodies, raw);
}

/** Page side: what the host sent. */
export function parseHostMessage(raw: unknown): Parsed<HostMessage> {
  return parseWith<HostMessage>(hostBodies, raw);
}

/** A persisted snapshot (webview state handed to the serializer, or the page's getState()). */
export function parseSnapshot(raw: unknown): PanelSnapshot | undefined {
  try {
    return check(snapshotGuard, raw, 'snapshot');
  } catch (err) {
    if (err instanceof ProtocolError) return undefined;
    throw err;
  }
}

export function emptySnapshot(): PanelSnapshot {
  return { busy: false, conversation: [] };
}

/**
 * Applies one host message to a snapshot. The host runs it to keep what it answers a `ready`
 * with; the page runs it to keep what it persists: one reducer, so both always agree.
 */
export function applyHostMessage(s: PanelSnapshot, m: HostMessage): PanelSnapshot {
  switch (m.type) {
    case 'timeline/snapshot/set':
      return m.snapshot;
    case 'timeline/view/set':
      return { ...s, view: m.view };
    case 'timeline/reply/start':
      return { ...s, conversation: [...s.conversation, { prompt: m.prompt, reply: '', done: false }].slice(-MAX_CONVERSATION) };
    case 'timeline/reply/append':
      return updateLastEntry(s, (e) => ({ ...e, reply: e.reply + m.text }));
    case 'timeline/reply/end':
      return updateLastEntry(s, (e) => ({ ...e, done: true, ...(m.error !== undefined ? { error: m.error } : {}) }));
    case 'timeline/busy/set':
      return { ...s, busy: m.busy, busyLabel: m.label };
    case 'timeline/export/progress':
      return { ...s, exportProgress: m.progress };
    case 'timeline/credits/set':
      return { ...s, credits: m.credits };
  }
}

function updateLastEntry(s: PanelSnapshot, f: (e: ConversationEntry) => ConversationEntry): PanelSnapshot {
  const last = s.conversation.at(-1);
  if (!last || last.done) return s; // a reply with no open entry: nothing to attach it to
  return { ...s, conversation: [...s.conversation.slice(0, -1), f(last)] };
}
