// Small composable validators for the host ⇄ webview protocol. Both sides run them on every
// message that arrives, so they must work in Node and in the browser (no imports at all).
// A guard returns a fresh value holding only the fields it knows, or throws ProtocolError with
// the path of the first bad field, which is what the host writes to its log.
//
// Paths cost a string per field, and a state message has thousands of fields: `check` first runs
// a guard without them (path `undefined`), and only when that fails runs it again with paths to
// word the error. Guards are pure, so the second run fails at the same field.

export class ProtocolError extends Error {
  constructor(readonly path: string, readonly expected: string) {
    super(`${path || 'message'}: expected ${expected}`);
    this.name = 'ProtocolError';
  }
}

/** A field's path in the message ("view.draft.tracks[0]"), or undefined when not tracked. */
export type Path = string | undefined;

export type Guard<T> = (value: unknown, path: Path) => T;

/** Runs `guard` on `value` (fast, untracked), with `path` tracked only to word a failure. */
export function check<T>(guard: Guard<T>, value: unknown, path: string): T {
  try {
    return guard(value, undefined);
  } catch (err) {
    if (!(err instanceof ProtocolError)) throw err;
    return guard(value, path); // throws again, now naming the field
  }
}

function field(path: Path, key: string): Path {
  return path === undefined ? undefined : path ? `${path}.${key}` : key;
}

function fail(path: Path, expected: string): never {
  throw new ProtocolError(path ?? '', expected);
}

export function str(opts: { max?: number; nonEmpty?: boolean } = {}): Guard<string> {
  const max = opts.max ?? 100_000;
  return (v, path) => {
    if (typeof v !== 'string') fail(path, 'a string');
    if (v.length > max) fail(path, `at most ${max} characters`);
    if (opts.nonEmpty && v.trim() === '') fail(path, 'a non-empty string');
    return v;
  };
}

export function num(opts: { min?: number; max?: number; int?: boolean } = {}): Guard<number> {
  return (v, path) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'a finite number');
    if (opts.int && !Number.isInteger(v)) fail(path, 'an integer');
    if (opts.min !== undefined && v < opts.min) fail(path, `a number ≥ ${opts.min}`);
    if (opts.max !== undefined && v > opts.max) fail(path, `a number ≤ ${opts.max}`);
    return v;
  };
}

export const bool: Guard<boolean> = (v, path) => {
  if (typeof v !== 'boolean') fail(path, 'a boolean');
  return v;
};

export function oneOf<const T extends readonly string[]>(values: T): Guard<T[number]> {
  return (v, path) => {
    if (typeof v !== 'string' || !values.includes(v)) fail(path, `one of ${values.join(', ')}`);
    return v as T[number];
  };
}

export function optional<T>(guard: Guard<T>): Guard<T | undefined> {
  return (v, path) => (v === undefined || v === null ? undefined : guard(v, path));
}

export function arr<T>(guard: Guard<T>, max = 100_000): Guard<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) fail(path, 'an array');
    if (v.length > max) fail(path, `at most ${max} items`);
    const out = new Array<T>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = guard(v[i], path === undefined ? undefined : `${path}[${i}]`);
    return out;
  };
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

type Shape = Record<string, Guard<unknown>>;
type FromShape<S extends Shape> = { [K in keyof S]: ReturnType<S[K]> };

/** An object with the given fields; unknown fields are dropped, absent optional ones left out. */
export function obj<S extends Shape>(shape: S): Guard<FromShape<S>> {
  const fields = Object.entries(shape); // once, not per message
  return (v, path) => {
    if (!isPlainObject(v)) fail(path, 'an object');
    const out: Record<string, unknown> = {};
    for (const [key, guard] of fields) {
      const value = guard(v[key], field(path, key));
      if (value !== undefined) out[key] = value;
    }
    return out as FromShape<S>;
  };
}

/** A string → string map (segment metadata shown as text), bounded in size. */
export function stringMap(maxEntries = 200, maxValue = 10_000): Guard<Record<string, string>> {
  const value = str({ max: maxValue });
  return (v, path) => {
    if (!isPlainObject(v)) fail(path, 'an object');
    const entries = Object.entries(v);
    if (entries.length > maxEntries) fail(path, `at most ${maxEntries} entries`);
    const out: Record<string, string> = {};
    for (const [k, item] of entries) out[k] = value(item, field(path, k));
    return out;
  };
}

// Web and webview-resource schemes only: asWebviewUri gives https in current VS Code, older hosts
// and forks use vscode-resource-style schemes; which hosts load at all is the CSP's decision.
const RESOURCE_SCHEMES = new Set(['https:', 'http:', 'vscode-resource:', 'vscode-webview-resource:', 'vscode-webview:']);

/**
 * A URL the page may load as an image or video. Script-capable and local schemes (javascript:,
 * data:, blob:, file:) are refused here as well as by the CSP.
 */
export function resourceUrl(): Guard<string> {
  const s = str({ max: 8_192 });
  return (v, path) => {
    const text = s(v, path);
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      fail(path, 'an absolute URL');
    }
    if (!RESOURCE_SCHEMES.has(url.protocol)) fail(path, 'an http(s) or webview resource URL');
    return text;
  };
}
