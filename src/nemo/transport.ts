// The one way the client talks to the Nemo API: undici `request()` (never `fetch`, which buffers
// upload bodies whole). It owns the base URL, the headers (Authorization only to the API origin),
// timeouts, both response envelopes, the typed errors and the retry loop (policy in retryPolicy.ts).
// Resource modules (credits.ts, state.ts, uploads.ts, renders.ts, ...) are thin functions over it.
import * as l10n from '@vscode/l10n';
import { randomUUID } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { request, stream, type Dispatcher } from 'undici';
import { Auth, abortedError, parseAnonymousToken, type ClientIdStore, type FixedToken, type StoredToken, type TokenStore } from './auth';
import { isHttp, parseUrl, validateBaseUrl } from './urls';
import { NemoError, isNemoError, kindFor, localFileError, type NemoErrorKind } from './errors';
import { redactSecrets } from '../shared/safeText';
import { attributionHeaders, type Platform } from './headers';
import { RetryState, decideRetry, parseRetryAfter } from './retryPolicy';
import { readBoundedText } from './boundedBody';

export interface RequestLogLine {
  method: string;
  /** The path only: no query string, no host, never a token. */
  path: string;
  status?: number;
  ms: number;
  requestId?: string;
  /** The error kind when the attempt failed. */
  error?: string;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Waits up to this long before a retry are not worth a word. */
const ANNOUNCED_WAIT_MS = 1000;

/** A wait before a request is sent again, told to the front end when it is over a second. */
export interface RetryWait {
  /** What is waited out: the failure's kind and HTTP status. */
  kind: NemoErrorKind;
  status?: number;
  delayMs: number;
  /** Stops waiting: the request is not sent again and fails with the error waited out. */
  cancel(): void;
  /** Settles when the wait is over, either way. */
  done: Promise<void>;
}

export interface TransportOptions {
  /** https, or http only for 127.0.0.1 / localhost / [::1]. */
  baseUrl: string;
  platform: Platform;
  /** X-Skill-Version. */
  version: string;
  tokens: TokenStore;
  clientIds: ClientIdStore;
  /** NEMO_CLIENT_ID: the installation id to send, used as given and never replaced or stored. */
  clientId?: string;
  /** NEMO_TOKEN or a personal token: never ask for an anonymous one. */
  fixedToken?: FixedToken;
  log?: (line: RequestLogLine) => void;
  /** A proxy agent, for example. */
  dispatcher?: Dispatcher;
  sleep?: Sleep;
  /** Told of every wait over a second before a retry, so the front end can say it and offer to cancel. */
  onWait?: (wait: RetryWait) => void;
  /** How long to wait for the response headers. Default 30 s. */
  headersTimeoutMs?: number;
  /** Longest silence inside a JSON response body. Default 60 s. */
  bodyTimeoutMs?: number;
  /** The largest JSON answer read; a longer (or endless) body is cut off and refused. Default 64 MiB. */
  maxJsonBytes?: number;
  /** For the backoff jitter; injectable so tests are deterministic. */
  random?: () => number;
}

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface CallOptions {
  /** JSON-encoded. */
  body?: unknown;
  /** Sent as-is (application/json): used to splice a raw draft in byte-for-byte. */
  bodyText?: string;
  signal?: AbortSignal;
  /** Default: true for GET, false otherwise. */
  idempotent?: boolean;
  /** Default true; false only for anonymous-token. */
  auth?: boolean;
  headers?: Record<string, string>;
}

export interface ApiResult<T> {
  data: T;
  rawBody: string;
  status: number;
  requestId?: string;
}

export interface StreamResponse {
  status: number;
  contentType: string;
  requestId?: string;
  body: AsyncIterable<Uint8Array>;
}

export interface ExternalResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

/** What an external response says before its body; the sink factory decides from it. */
export type ExternalHead = Omit<ExternalResponse, 'body'>;

export interface SendBodyOptions {
  /** Called once per attempt: a rejected upload is resent with a fresh stream. */
  makeBody: () => Readable;
  contentLength: number;
  contentType: string;
  signal?: AbortSignal;
}

export const DEFAULT_HEADERS_TIMEOUT_MS = 30_000;
export const DEFAULT_BODY_TIMEOUT_MS = 60_000;
/** Drafts of thousands of tracks fit many times over; past this a JSON answer is not a Nemo answer. */
const DEFAULT_MAX_JSON_BYTES = 64 * 1024 * 1024;
const ANONYMOUS_TOKEN_PATH = '/api/auth/anonymous-token';
export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

type Envelope = { ok: true; data: unknown } | { ok: false; code?: number; message?: string; notJson?: boolean };

/**
 * Unwraps `{code, message, data}` and `{success, data, error}`. A JSON body with neither (the
 * top-level render poll shapes) is the data itself. An error status always fails, whatever the body.
 */
export function unwrapEnvelope(status: number, text: string): Envelope {
  const failedStatus = status < 200 || status >= 300;
  if (text.trim() === '') return failedStatus ? { ok: false } : { ok: true, data: undefined };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, notJson: true };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return failedStatus ? { ok: false } : { ok: true, data: json };
  }
  const o = json as Record<string, unknown>;
  const code = toCode(o.code);
  const message = wordsOf(o);
  if (code !== undefined) {
    if (code !== 0) return refusal(code, message);
    return failedStatus ? refusal(undefined, message) : { ok: true, data: o.data };
  }
  if (typeof o.success === 'boolean') {
    // The top-level poll shapes put `success: true` beside the fields, with no `data`.
    if (o.success && !failedStatus) return { ok: true, data: o.data !== undefined && o.data !== null ? o.data : o };
  } else if (!failedStatus) {
    return { ok: true, data: o };
  }
  const inner = errorField(o.error);
  return refusal(inner.code, inner.message ?? message);
}

function refusal(code: number | undefined, message: string | undefined): Envelope {
  return { ok: false, ...(code !== undefined ? { code } : {}), ...(message !== undefined ? { message } : {}) };
}

function toCode(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

function errorField(e: unknown): { code?: number; message?: string } {
  if (typeof e === 'string') return { message: e };
  if (typeof e === 'object' && e !== null) {
    const o = e as Record<string, unknown>;
    return { code: toCode(o.code), message: wordsOf(o) };
  }
  return {};
}

/** Where error words are found, in order: each a string, or an object with a `message`. */
const WORD_FIELDS = ['message', 'detail', 'error', 'reason'] as const;

/** An error's words, from whichever of `message`, `detail`, `error`, `reason` holds them (contract). */
export function wordsOf(o: Record<string, unknown>): string | undefined {
  for (const key of WORD_FIELDS) {
    const v = o[key];
    if (typeof v === 'string' && v.trim() !== '') return v;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const inner = (v as Record<string, unknown>).message;
      if (typeof inner === 'string' && inner.trim() !== '') return inner;
    }
  }
  return undefined;
}

/** What one attempt knows about itself, for the retry loop (which token it sent). */
interface Attempt {
  token?: StoredToken;
  /** Set while the token is being acquired: that request has its own retries, not ours on top. */
  acquiringToken?: boolean;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export class Transport {
  readonly baseUrl: string;
  readonly auth: Auth;
  private readonly sleep: Sleep;
  private clientIdPromise: Promise<string> | undefined;

  constructor(private readonly opts: TransportOptions) {
    this.baseUrl = validateBaseUrl(opts.baseUrl);
    this.sleep = opts.sleep ?? defaultSleep;
    this.auth = new Auth({
      baseUrl: this.baseUrl,
      tokens: opts.tokens,
      fixedToken: opts.fixedToken,
      requestAnonymousToken: async (signal) =>
        parseAnonymousToken((await this.call('POST', ANONYMOUS_TOKEN_PATH, { auth: false, signal })).data),
    });
  }

  /** The persisted installation id; made (crypto.randomUUID) and stored on first use. */
  clientId(): Promise<string> {
    const fixed = this.opts.clientId?.trim();
    if (fixed) return Promise.resolve(fixed);
    if (!this.clientIdPromise) {
      const loading = (async () => {
        const stored = await this.opts.clientIds.get();
        if (stored && stored.trim() !== '') return stored;
        return this.newClientId();
      })();
      // A store that failed to read is asked again next time, not remembered as failed.
      loading.catch(() => {
        if (this.clientIdPromise === loading) this.clientIdPromise = undefined;
      });
      this.clientIdPromise = loading;
    }
    return this.clientIdPromise;
  }

  private async newClientId(): Promise<string> {
    // A client id the person set is theirs to change: a 400 does not replace it.
    if (this.opts.clientId?.trim()) return this.opts.clientId.trim();
    const id = randomUUID();
    await this.opts.clientIds.set(id);
    this.clientIdPromise = Promise.resolve(id);
    return id;
  }

  /** A JSON API call: envelope unwrapped, errors typed, retried only as retryPolicy.ts allows. */
  async call<T = unknown>(method: HttpMethod, path: string, opts: CallOptions = {}): Promise<ApiResult<T>> {
    const bodyText = opts.bodyText ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    return this.withRetry(opts.idempotent ?? method === 'GET', opts.signal, async (attempt) => {
      const sent = await this.send(method, path, attempt, {
        accept: 'application/json',
        auth: opts.auth ?? true,
        signal: opts.signal,
        headers: opts.headers,
        body: bodyText,
        contentType: bodyText === undefined ? undefined : 'application/json',
      });
      return this.readJson<T>(method, path, sent, attempt);
    });
  }

  /**
   * POST that answers with an SSE stream. A JSON answer instead of a stream is the server refusing
   * the request (it did nothing): thrown as a NemoError with didNothing, after the same once-only
   * recovery as call(). Once the stream is returned nothing here ever sends the request again.
   * `bodyTimeoutMs` is the longest silence between bytes (keep-alive comments count); 0 disables it.
   */
  async openStream(path: string, opts: CallOptions & { bodyTimeoutMs?: number }): Promise<StreamResponse> {
    const bodyText = opts.bodyText ?? JSON.stringify(opts.body ?? {});
    return this.withRetry(false, opts.signal, async (attempt) => {
      const sent = await this.send('POST', path, attempt, {
        accept: 'text/event-stream',
        auth: opts.auth ?? true,
        signal: opts.signal,
        headers: opts.headers,
        body: bodyText,
        contentType: 'application/json',
        bodyTimeoutMs: opts.bodyTimeoutMs ?? 0,
      });
      const contentType = header(sent.res.headers, 'content-type') ?? '';
      const ok = sent.res.statusCode >= 200 && sent.res.statusCode < 300;
      if (ok && contentType.toLowerCase().includes('text/event-stream')) {
        this.logLine('POST', path, sent);
        return { status: sent.res.statusCode, contentType, requestId: sent.requestId, body: sent.res.body };
      }
      await this.readJson('POST', path, sent, attempt);
      throw new NemoError('protocol', l10n.t('POST {0} answered {1} instead of a stream.', path, contentType || 'no content type'), {
        status: sent.res.statusCode, path, requestId: sent.requestId,
      });
    });
  }

  /** A streamed request body with a known length (an upload); never buffered whole. */
  async sendBody<T = unknown>(path: string, opts: SendBodyOptions): Promise<ApiResult<T>> {
    return this.withRetry(false, opts.signal, async (attempt) => {
      const sent = await this.send('POST', path, attempt, {
        accept: 'application/json',
        auth: true,
        signal: opts.signal,
        body: opts.makeBody(),
        contentType: opts.contentType,
        contentLength: opts.contentLength,
        // An upload of a large file may sit a long time before the server answers.
        headersTimeoutMs: 0,
      });
      return this.readJson<T>('POST', path, sent, attempt);
    });
  }

  /**
   * An authenticated streamed GET on the API origin (the render download fallback). Error answers
   * are read and thrown as NemoError; a 2xx answer's body is handed over unread.
   */
  async openDownload(path: string, opts: { signal?: AbortSignal } = {}): Promise<ExternalResponse> {
    return this.withRetry(true, opts.signal, async (attempt) => {
      const sent = await this.send('GET', path, attempt, { accept: '*/*', auth: true, signal: opts.signal });
      if (sent.res.statusCode >= 200 && sent.res.statusCode < 300) {
        this.logLine('GET', path, sent);
        return { status: sent.res.statusCode, headers: sent.res.headers, body: sent.res.body };
      }
      await this.readJson('GET', path, sent, attempt);
      throw new NemoError('protocol', l10n.t('GET {0} answered HTTP {1}.', path, sent.res.statusCode), { status: sent.res.statusCode, path });
    });
  }

  /**
   * GET an absolute http(s) URL off the API (a render's output on a CDN) straight into the writable
   * `sink` returns for its status and headers: undici hands each socket read to the sink's write,
   * with no readable stream between them. No Authorization, no X-Client-Id, no attribution, so
   * nothing of ours leaves for another host. Not retried here. Errors the sink (or `sink` itself)
   * raises come back as they are; a failure before the headers is a NemoError; one after them (the
   * body broke off) is undici's own error, for the caller who knows how far it got.
   */
  async streamExternal(url: string, sink: (head: ExternalHead) => Writable, opts: { signal?: AbortSignal } = {}): Promise<void> {
    const parsed = parseUrl(url);
    if (!parsed) throw new NemoError('invalid-input', l10n.t('The download address is not a URL.'));
    if (!isHttp(parsed)) {
      throw new NemoError('invalid-input', l10n.t('Refusing to download from a {0} address: only http(s) is allowed.', parsed.protocol));
    }
    const started = Date.now();
    const logPath = `${parsed.origin}${parsed.pathname}`;
    let answered = false;
    try {
      await stream(parsed, {
        method: 'GET',
        signal: opts.signal,
        dispatcher: this.opts.dispatcher,
        headersTimeout: this.opts.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
        bodyTimeout: this.opts.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
      }, ({ statusCode, headers }) => {
        answered = true;
        this.opts.log?.({ method: 'GET', path: logPath, status: statusCode, ms: Date.now() - started });
        return sink({ status: statusCode, headers });
      });
    } catch (e) {
      if (answered || isNemoError(e)) throw e;
      const err = networkError(e, 'GET', logPath, opts.signal);
      this.opts.log?.({ method: 'GET', path: logPath, ms: Date.now() - started, error: err.kind });
      throw err;
    }
  }

  // ---- internals ----

  private async withRetry<T>(idempotent: boolean, signal: AbortSignal | undefined, run: (attempt: Attempt) => Promise<T>): Promise<T> {
    const state = new RetryState(idempotent);
    for (;;) {
      const attempt: Attempt = {};
      try {
        return await run(attempt);
      } catch (e) {
        // A store that could not be written (NEMO_HOME unwritable, disk full) is this machine's, not Nemo's.
        const err = isNemoError(e) ? e : localFileError(e) ?? new NemoError('protocol', l10n.t('Unexpected failure while talking to Nemo.'), { cause: e });
        if (signal?.aborted) throw abortedError(err);
        if (attempt.acquiringToken) throw err;
        const decision = decideRetry(err, state, this.opts.random);
        if (!decision.retry) throw err;
        if (decision.recovery === 'refresh-token') {
          // Only when the request carried a token we can replace (an anonymous one); a fixed
          // token throws "your token is invalid" here instead.
          if (!attempt.token) throw err;
          await this.auth.refresh(attempt.token.token, signal);
        } else if (decision.recovery === 'new-client-id') {
          await this.newClientId();
        }
        if (decision.delayMs > 0) await this.waitBeforeRetry(decision.delayMs, err, signal);
      }
    }
  }

  /** Sleeps before a retry; a wait over a second is announced and can be cancelled on its own. */
  private async waitBeforeRetry(delayMs: number, err: NemoError, signal: AbortSignal | undefined): Promise<void> {
    const onWait = this.opts.onWait;
    if (!onWait || delayMs <= ANNOUNCED_WAIT_MS) return this.sleep(delayMs, signal);
    const stop = new AbortController();
    const waiting = this.sleep(delayMs, signal ? AbortSignal.any([signal, stop.signal]) : stop.signal);
    onWait({ kind: err.kind, status: err.status, delayMs, cancel: () => stop.abort(), done: waiting.catch(() => undefined) });
    try {
      await waiting;
    } catch (e) {
      // Cancelled by the person: nothing more was sent, so the error waited out is what happened.
      if (stop.signal.aborted && !signal?.aborted) throw err;
      throw e;
    }
  }

  private async send(
    method: HttpMethod,
    path: string,
    attempt: Attempt,
    init: {
      accept: string;
      auth: boolean;
      signal?: AbortSignal;
      headers?: Record<string, string>;
      body?: string | Readable;
      contentType?: string;
      contentLength?: number;
      headersTimeoutMs?: number;
      bodyTimeoutMs?: number;
    },
  ): Promise<Sent> {
    if (!path.startsWith('/')) throw new NemoError('invalid-input', l10n.t('API paths start with "/": {0}', path));
    if (init.signal?.aborted) throw abortedError();
    const headers: Record<string, string> = {
      ...init.headers,
      accept: init.accept,
      'user-agent': `nemo-vscode/${this.opts.version} (${this.opts.platform})`,
      'x-client-id': await this.clientId(),
      ...attributionHeaders(this.opts.platform, this.opts.version),
    };
    if (init.contentType) headers['content-type'] = init.contentType;
    if (init.contentLength !== undefined) headers['content-length'] = String(init.contentLength);
    if (init.auth) {
      attempt.acquiringToken = true;
      attempt.token = await this.auth.token(init.signal);
      attempt.acquiringToken = false;
      headers.authorization = `Bearer ${attempt.token.token}`;
    }
    const started = Date.now();
    try {
      // The URL is always base + path: a path cannot point the token at another origin.
      const res = await request(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: init.body,
        signal: init.signal,
        dispatcher: this.opts.dispatcher,
        headersTimeout: init.headersTimeoutMs ?? this.opts.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
        bodyTimeout: init.bodyTimeoutMs ?? this.opts.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS,
      });
      return { res, started, requestId: header(res.headers, 'x-request-id') };
    } catch (e) {
      const err = networkError(e, method, stripQuery(path), init.signal);
      this.opts.log?.({ method, path: stripQuery(path), ms: Date.now() - started, error: err.kind });
      throw err;
    }
  }

  private async readJson<T>(method: HttpMethod, path: string, sent: Sent, attempt: Attempt): Promise<ApiResult<T>> {
    const status = sent.res.statusCode;
    let text: string;
    const maxBytes = this.opts.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES;
    try {
      text = await readBoundedText(sent.res.body, maxBytes, () => new NemoError('protocol',
        l10n.t('Nemo answered {0} {1} with more than {2} MiB, more than this version reads.', method, stripQuery(path), Math.round((maxBytes / 1024 / 1024) * 10) / 10),
        { path: stripQuery(path), status, requestId: sent.requestId, details: { overLimit: true } }));
    } catch (e) {
      if (isNemoError(e)) {
        this.logLine(method, path, sent, e.kind);
        throw e;
      }
      const err = networkError(e, method, stripQuery(path), undefined);
      this.logLine(method, path, sent, err.kind);
      throw err;
    }
    const env = unwrapEnvelope(status, text);
    if (env.ok) {
      this.logLine(method, path, sent);
      return { data: env.data as T, rawBody: text, status, requestId: sent.requestId };
    }
    const err = this.apiError(method, path, sent, env, attempt);
    this.logLine(method, path, sent, err.kind);
    throw err;
  }

  private apiError(method: HttpMethod, path: string, sent: Sent, env: Extract<Envelope, { ok: false }>, attempt: Attempt): NemoError {
    const status = sent.res.statusCode;
    const mapped = env.notJson && status >= 200 && status < 300 ? 'protocol' : kindFor(env.code, status, env.message);
    // A refused free token is not a passing rate limit: the backend allows one per client id per 7 days.
    const kind = mapped === 'rate-limited' && stripQuery(path) === ANONYMOUS_TOKEN_PATH ? 'free-token-limit' : mapped;
    const what = env.code !== undefined ? l10n.t('code {0}, HTTP {1}', env.code, status) : `HTTP ${status}`;
    const said = env.message ? `: ${redactSecrets(env.message, attempt.token ? [attempt.token.token] : []).slice(0, 300)}` : env.notJson ? l10n.t(' (not JSON)') : '';
    const details: Record<string, string | number | boolean | undefined> = {};
    if (kind === 'out-of-credits' && attempt.token?.anonymous) details.anonymousUserId = attempt.token.userId;
    if (this.auth.usesFixedToken && kind === 'auth') details.fixedToken = true;
    return new NemoError(kind, l10n.t('{0} {1} failed ({2}){3}', method, stripQuery(path), what, said), {
      code: env.code,
      status,
      path: stripQuery(path),
      requestId: sent.requestId,
      retryAfterMs: parseRetryAfter(sent.res.headers['retry-after']),
      // The server answered with a refusal: nothing ran. A 5xx may have done part of the work.
      didNothing: status < 500,
      details,
    });
  }

  private logLine(method: HttpMethod, path: string, sent: Sent, error?: string): void {
    this.opts.log?.({
      method,
      path: stripQuery(path),
      status: sent.res.statusCode,
      ms: Date.now() - sent.started,
      requestId: sent.requestId,
      ...(error ? { error } : {}),
    });
  }
}

interface Sent {
  res: Dispatcher.ResponseData;
  started: number;
  requestId?: string;
}

function stripQuery(path: string): string {
  const i = path.search(/[?#]/);
  return i === -1 ? path : path.slice(0, i);
}

function errnoOf(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const o = e as { code?: unknown; errors?: unknown[]; cause?: unknown };
  if (typeof o.code === 'string' && o.code !== 'UND_ERR_SOCKET') return o.code;
  // Happy-eyeballs connects fail with an AggregateError; undici wraps socket errors in `cause`.
  if (Array.isArray(o.errors) && o.errors.length > 0) return errnoOf(o.errors[0]);
  if (o.cause !== undefined) return errnoOf(o.cause) ?? (typeof o.code === 'string' ? o.code : undefined);
  return typeof o.code === 'string' ? o.code : undefined;
}

/** Maps what undici / the socket threw into the error family. Never includes headers or the token. */
export function networkError(e: unknown, method: string, path: string, signal: AbortSignal | undefined): NemoError {
  if (isNemoError(e)) return e;
  if (signal?.aborted) return abortedError(e);
  // An upload's file that cannot be read fails the request too: the disk's fault, said as such.
  const local = localFileError(e);
  if (local) return local;
  const code = errnoOf(e);
  const base = { path, cause: e, details: { errno: code } };
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new NemoError('connection', l10n.t('{0} {1}: could not reach the Nemo server ({2}).', method, path, code), { ...base, didNothing: true });
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new NemoError('timeout', l10n.t('{0} {1}: connecting to the Nemo server timed out.', method, path), { ...base, didNothing: true });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new NemoError('timeout', l10n.t('{0} {1}: the Nemo server did not answer in time.', method, path), base);
    case 'UND_ERR_BODY_TIMEOUT':
      return new NemoError('timeout', l10n.t('{0} {1}: the answer stopped arriving.', method, path), base);
    case 'UND_ERR_HEADERS_OVERFLOW':
      return new NemoError('protocol', l10n.t('Nemo answered {0} {1} with headers larger than this version reads.', method, path), { ...base, details: { ...base.details, overLimit: true } });
    case 'UND_ERR_ABORTED':
    case 'ABORT_ERR':
      return abortedError(e);
    default:
      return new NemoError('connection', l10n.t('{0} {1}: the connection to the Nemo server broke{2}.', method, path, code ? ` (${code})` : ''), base);
  }
}
