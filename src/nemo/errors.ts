// One typed error family for everything the client can fail with.
// Every error carries a `kind` so callers in other bundles (the extension loads the client
// lazily from dist/client.js) can branch without `instanceof`. No error ever holds the token:
// messages are built from codes, statuses and paths only.

export type NemoErrorKind =
  | 'auth' // 1001: token expired or invalid
  | 'session-lost' // 1002: session not found
  | 'out-of-credits' // 2001
  | 'unsupported-file' // 4001, or refused locally before upload
  | 'file-too-large' // 4002, or refused locally before upload
  | 'missing-client-id' // HTTP 400 whose words say the X-Client-Id is missing
  | 'export-blocked' // HTTP 402: free plan export blocked
  | 'rate-limited' // HTTP 429
  | 'free-token-limit' // HTTP 429 on anonymous-token: no new free token for days, never retried
  | 'server' // HTTP 5xx
  | 'http' // any other unexpected status or envelope code
  | 'connection' // the request never got an answer (refused, reset, DNS)
  | 'timeout' // headers or body did not arrive in time
  | 'aborted' // the caller cancelled
  | 'stream' // the SSE stream broke or carried bad JSON
  | 'agent' // the agent reported an error inside the stream: the turn ran and failed
  | 'render-failed' // the render job reported `failed`
  | 'invalid-input' // bad local input (missing file, bad URL, bad option)
  | 'local-file' // this machine's file system refused: no permission, read-only, disk full, a folder where a file should be
  | 'protocol'; // the backend answered something we cannot read

export interface NemoErrorInit {
  code?: number;
  status?: number;
  path?: string;
  requestId?: string;
  retryAfterMs?: number;
  /** True when the request provably did nothing on the server (rejected outright, never connected). */
  didNothing?: boolean;
  cause?: unknown;
  /** Extra facts for the wording layer (e.g. the anonymous user id for 2001, the file name for 4001). */
  details?: Record<string, string | number | boolean | undefined>;
}

export class NemoError extends Error {
  readonly kind: NemoErrorKind;
  readonly code?: number;
  readonly status?: number;
  readonly path?: string;
  readonly requestId?: string;
  readonly retryAfterMs?: number;
  readonly didNothing: boolean;
  readonly details: Record<string, string | number | boolean | undefined>;

  constructor(kind: NemoErrorKind, message: string, init: NemoErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'NemoError';
    this.kind = kind;
    this.code = init.code;
    this.status = init.status;
    this.path = init.path;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
    this.didNothing = init.didNothing ?? false;
    this.details = init.details ?? {};
  }
}

/** Works across bundles: checks the shape, not the prototype. */
export function isNemoError(e: unknown): e is NemoError {
  return e instanceof Error && typeof (e as Partial<NemoError>).kind === 'string' && e.name === 'NemoError';
}

/** The server provably did nothing with the request (a refusal, or it never connected). */
export function wasRefused(e: unknown): boolean {
  return isNemoError(e) && e.didNothing;
}

export function isAbort(e: unknown): boolean {
  return (isNemoError(e) && e.kind === 'aborted') || (e instanceof Error && e.name === 'AbortError');
}

/** The file-system refusals that name a cause a person can fix, as errno codes. */
const LOCAL_FILE_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EISDIR', 'ENOTDIR', 'EEXIST', 'EMFILE', 'ENFILE', 'ENAMETOOLONG', 'ELOOP', 'EIO', 'EBUSY', 'ETXTBSY']);
const WRITE_CALLS = new Set(['write', 'writev', 'mkdir', 'rename', 'unlink', 'rmdir', 'copyfile', 'ftruncate', 'fsync', 'fdatasync', 'symlink', 'link', 'chmod', 'utime', 'mkdtemp']);
const READ_CALLS = new Set(['read', 'readv', 'scandir', 'stat', 'lstat', 'fstat', 'access', 'realpath', 'readlink']);

/** What the caller was doing, when it knows better than the errno error (the target, not its temp file). */
export interface LocalFileUse {
  file?: string;
  access?: 'read' | 'write';
}

/**
 * The one classification of local file-system failures, for every operation (stores in NEMO_HOME,
 * uploads read from disk, downloads and local exports written to it): an errno error from `node:fs`
 * (found in `cause` chains too) becomes a `local-file` error naming the file, the errno and whether
 * it was read or written, so the words say what to fix instead of blaming the network or Nemo.
 */
export function localFileError(e: unknown, use: LocalFileUse = {}): NemoError | undefined {
  if (isNemoError(e)) return e.kind === 'local-file' ? e : undefined;
  for (let cause = e, depth = 0; typeof cause === 'object' && cause !== null && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    const err = cause as Partial<NodeJS.ErrnoException>;
    if (typeof err.code !== 'string' || !LOCAL_FILE_CODES.has(err.code)) continue;
    const file = use.file ?? (typeof err.path === 'string' ? err.path : undefined);
    if (file === undefined && typeof err.syscall !== 'string') continue;
    const syscall = err.syscall ?? '';
    const access = use.access ?? (WRITE_CALLS.has(syscall) || err.code === 'ENOSPC' || err.code === 'EDQUOT' || err.code === 'EROFS' ? 'write' : READ_CALLS.has(syscall) ? 'read' : 'open');
    return new NemoError('local-file', `${err.code}: ${syscall || access} ${file ?? ''}`.trim(), {
      cause: e, details: { errno: err.code, access, ...(file !== undefined ? { file } : {}) },
    });
  }
  return undefined;
}

/**
 * Whether a failed export's job is worth resuming later: the network or the local disk failed, not
 * the job. A job the service does not know (404), a damaged record, a refused output URL, a failed
 * or cancelled render will never give a file: resuming it would fail the same way forever.
 */
export function isResumable(e: unknown): boolean {
  if (isAbort(e)) return false;
  // A local file-system failure (disk full, no permission): the render is fine, the disk was not.
  if (isNemoError(e)) return e.kind === 'connection' || e.kind === 'timeout' || e.kind === 'server' || e.kind === 'local-file';
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}

/**
 * An HTTP 400 asks for a new client id only when its words say the client id is missing. Any other
 * 400 (a blank message, a file name the server dislikes) is about the request: a new id there would
 * make the next token belong to a new anonymous user, and the person's timeline would be gone.
 */
const MISSING_CLIENT_ID = /client[\s_-]?id/i;
/** The agent server's own answer for a session it does not know (HTTP 404, `detail`). */
const SESSION_NOT_FOUND = /\bsession not found\b/i;

/**
 * Maps an envelope code or a bare HTTP status (and, for a 400 or a 404, the server's words) to the
 * error kind: the one place that does it. 1010/1011 and HTTP 401 come from Nemo's other gateway: a
 * refused token like 1001. A 404 saying "Session not found" is the agent server losing the session,
 * like 1002.
 */
export function kindFor(code: number | undefined, status: number | undefined, message?: string): NemoErrorKind {
  switch (code) {
    case 1001:
    case 1010:
    case 1011: return 'auth';
    case 1002: return 'session-lost';
    case 2001: return 'out-of-credits';
    case 4001: return 'unsupported-file';
    case 4002: return 'file-too-large';
  }
  if (status === 400) return message !== undefined && MISSING_CLIENT_ID.test(message) ? 'missing-client-id' : 'http';
  if (status === 401) return 'auth';
  if (status === 402) return 'export-blocked';
  if (status === 404 && message !== undefined && SESSION_NOT_FOUND.test(message)) return 'session-lost';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate-limited';
  if (status !== undefined && status >= 500) return 'server';
  return 'http';
}
