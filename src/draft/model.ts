// The timeline model: a tolerant reading of the short-key draft (contract, "The draft").
// Only for showing and comparing: the export call always sends the raw draft text as the state gave
// it, never something rebuilt from this model, so nothing here has to round-trip.

export type TrackKind = 'video' | 'audio' | 'text' | 'other';

export interface Segment {
  /** Position within its track, from 0. */
  index: number;
  /** Milliseconds from the start of the timeline. */
  start: number;
  /** Milliseconds. */
  duration: number;
  name?: string;
  text?: string;
  src?: string;
  /** 0-1, as the draft gives it (`m.vol`). */
  volume?: number;
  style?: string;
  /** Every key of the segment and its `m` that has no field above, kept as given. */
  meta: Record<string, unknown>;
}

export interface Track {
  /** Position within the draft, from 0. */
  index: number;
  /** `tt` as given: 0 video, 1 audio, 7 text; anything else is kept and shown as 'other'. */
  type: number | string;
  kind: TrackKind;
  segments: Segment[];
}

export interface Draft {
  /** Milliseconds: `d`, or the end of the last segment when `d` is missing. */
  duration: number;
  title?: string;
  width?: number;
  height?: number;
  tracks: Track[];
}

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A finite number, or a numeric string (some backends quote numbers). */
function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const KIND_BY_TYPE: Record<string, TrackKind> = { '0': 'video', '1': 'audio', '7': 'text', video: 'video', audio: 'audio', text: 'text' };

export function trackKind(type: unknown): TrackKind {
  return (typeof type === 'number' || typeof type === 'string' ? KIND_BY_TYPE[String(type).toLowerCase()] : undefined) ?? 'other';
}

const SEGMENT_KEYS = new Set(['st', 'd', 'm']);
const META_KEYS = new Set(['name', 'text', 'src', 'vol', 'style']);

function without(obj: Json, keys: Set<string>): Json {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => !keys.has(k)));
}

function parseSegment(raw: unknown, index: number): Segment {
  const sg = isRecord(raw) ? raw : {};
  const m = isRecord(sg.m) ? sg.m : {};
  const seg: Segment = {
    index,
    start: Math.max(0, num(sg.st) ?? 0),
    duration: Math.max(0, num(sg.d) ?? 0),
    meta: { ...without(sg, SEGMENT_KEYS), ...without(m, META_KEYS) },
  };
  const name = str(m.name);
  const text = typeof m.text === 'string' ? m.text : undefined;
  const src = str(m.src);
  const volume = num(m.vol);
  const style = str(m.style);
  if (name !== undefined) seg.name = name;
  if (text !== undefined) seg.text = text;
  if (src !== undefined) seg.src = src;
  if (volume !== undefined) seg.volume = volume;
  if (style !== undefined) seg.style = style;
  return seg;
}

function parseTrack(raw: unknown, index: number): Track {
  const t = isRecord(raw) ? raw : {};
  const type = typeof t.tt === 'number' || typeof t.tt === 'string' ? t.tt : -1;
  const segments = Array.isArray(t.sg) ? t.sg.map(parseSegment) : [];
  return { index, type, kind: trackKind(type), segments };
}

/**
 * Reads a draft from the state's `draft` value (or its JSON text). Never throws: odd values become
 * defaults, unknown keys stay in `meta`. Returns undefined only when there is no object to read.
 */
export function parseDraft(raw: unknown): Draft | undefined {
  const value = typeof raw === 'string' ? jsonOrText(raw) : raw;
  return isRecord(value) ? shortKeyDraft(value) : undefined;
}

/** What an unreadable draft looks like: Nemo's XML-like "Draft V3", or nothing we know. */
export type UnreadableFormat = 'draft-v3' | 'unknown';

/**
 * A draft in a shape this version cannot read (contract, "The draft"): still a draft. Export sends
 * its raw text untouched; the front ends say it cannot be drawn instead of "no timeline yet".
 */
export interface UnreadableDraft {
  readonly unreadable: true;
  readonly format: UnreadableFormat;
  /** The draft's text as the state gave it: two unreadable drafts are compared by it. */
  readonly text: string;
}

/** What a session's draft came to: the short-key model, or a draft this version cannot read. */
export type DraftReading = Draft | UnreadableDraft;

export function isUnreadable(d: DraftReading | undefined): d is UnreadableDraft {
  return d !== undefined && 'unreadable' in d;
}

/** The short-key model of a reading, or undefined when there is none to draw. */
export function drawable(d: DraftReading | undefined): Draft | undefined {
  return isUnreadable(d) ? undefined : d;
}

/** Keys of the short-key draft at its top level: an object with none of them (and some others) is another format. */
const SHORT_KEYS = ['t', 'd', 'm'];

/**
 * The one reading of a state's draft that every front end uses. `value` is `state.draft` as parsed,
 * `rawText` its exact source text. A JSON string holding a JSON object is read as that object (a
 * backend that double-encodes); any other string (Draft V3's `<draft><track><clip …/>`), an array,
 * a number or an object without the short keys is unreadable. Undefined: the state has no draft.
 */
export function readDraft(value: unknown, rawText: string): DraftReading | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const inner = typeof value === 'string' ? jsonOrText(value) : value;
  if (isRecord(inner) && (Object.keys(inner).length === 0 || SHORT_KEYS.some((k) => k in inner))) return shortKeyDraft(inner);
  const looksV3 = typeof inner === 'string' ? /<\s*(draft|track|clip)\b/i.test(inner) : isRecord(inner) && /<\s*(track|clip)\b/i.test(JSON.stringify(inner));
  return { unreadable: true, format: looksV3 ? 'draft-v3' : 'unknown', text: rawText };
}

/** The JSON a string holds, or the string itself when it holds none. */
function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function shortKeyDraft(value: Json): Draft {
  const tracks = Array.isArray(value.t) ? value.t.map(parseTrack) : [];
  const lastEnd = Math.max(0, ...tracks.flatMap((t) => t.segments.map((s) => s.start + s.duration)));
  const draft: Draft = { duration: Math.max(0, num(value.d) ?? lastEnd), tracks };
  const m = isRecord(value.m) ? value.m : {};
  const title = str(m.title);
  const width = num(m.width);
  const height = num(m.height);
  if (title !== undefined) draft.title = title;
  if (width !== undefined) draft.width = width;
  if (height !== undefined) draft.height = height;
  return draft;
}

/**
 * The contract's rule: a draft can be exported when some track has a non-empty `sg`. A draft this
 * version cannot read is the server's to judge: it goes to export untouched.
 */
export function isExportReady(d: DraftReading | undefined): boolean {
  if (isUnreadable(d)) return true;
  return d !== undefined && d.tracks.some((t) => t.segments.length > 0);
}
