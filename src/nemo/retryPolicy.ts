// The one written retry policy. Every request the transport sends is judged here, so "what may be
// sent again, and after how long" is readable in one place:
//  - idempotent reads retry twice on connection errors, 408, 429, 5xx (and unreadable bodies), with
//    exponential backoff + jitter, following Retry-After (seconds or an HTTP date);
//  - anything else is resent only when the server provably did nothing (it answered with an error
//    instead of doing the work), at most once per cause: 1001 → new token, HTTP 400 → new client id,
//    429 → wait Retry-After or 30 s;
//  - a Retry-After over 60 s is not waited for at all: the failure says how long the service asked
//    for (waiting a minute and then failing anyway helps nobody).
// The transport announces every wait over a second (`onWait`) and lets it be cancelled.
// A stream that started or a POST whose answer was lost is never resent: those errors do not carry
// `didNothing`, and nothing below retries a non-idempotent request without it.
import type { NemoError } from './errors';

export const MAX_TRANSIENT_RETRIES = 2;
/** The longest Retry-After waited for; a longer one fails at once with the time asked. */
export const MAX_RETRY_AFTER_MS = 60_000;
/** A Retry-After is read up to a day: anything longer says the same ("much later"). */
const RETRY_AFTER_READ_MS = 24 * 60 * 60_000;
export const DEFAULT_RATE_LIMIT_WAIT_MS = 30_000;
const BACKOFF_BASE_MS = 500;

/** The once-only recoveries: each may happen at most once per request. */
export type Recovery = 'refresh-token' | 'new-client-id' | 'rate-limit-wait';

export type RetryDecision =
  | { retry: false }
  | { retry: true; delayMs: number; recovery?: Recovery };

/** What has been tried so far for one request (one per `Transport.call`). */
export class RetryState {
  transientRetries = 0;
  readonly used = new Set<Recovery>();
  constructor(readonly idempotent: boolean) {}
}

/**
 * Parses a Retry-After header: delta-seconds or an HTTP date. Returns milliseconds (at most a day),
 * or undefined when absent or unreadable (then the caller's default applies).
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  const text = raw.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(text)) {
    ms = Number(text) * 1000;
  } else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = Math.max(0, at - now);
  }
  return Math.min(ms, RETRY_AFTER_READ_MS);
}

/** Exponential backoff with full jitter over the upper half: 0.5-1 s, 1-2 s, ... */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = BACKOFF_BASE_MS * 2 ** (attempt + 1);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function isTransient(err: NemoError): boolean {
  switch (err.kind) {
    case 'connection':
    case 'timeout':
    case 'rate-limited':
    case 'server':
    case 'protocol':
      return true;
    default:
      return err.status === 408;
  }
}

/** Decides whether (and after how long) a failed request is sent again. Mutates `state`. */
export function decideRetry(err: NemoError, state: RetryState, random: () => number = Math.random): RetryDecision {
  if (err.kind === 'aborted') return { retry: false };
  if (err.retryAfterMs !== undefined && err.retryAfterMs > MAX_RETRY_AFTER_MS) return { retry: false };

  if (err.didNothing) {
    const once = (recovery: Recovery, delayMs: number): RetryDecision => {
      if (state.used.has(recovery)) return { retry: false };
      state.used.add(recovery);
      return { retry: true, delayMs, recovery };
    };
    if (err.kind === 'auth') return once('refresh-token', 0);
    if (err.kind === 'missing-client-id') return once('new-client-id', 0);
    if (err.kind === 'rate-limited' && !state.idempotent) {
      return once('rate-limit-wait', err.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS);
    }
  }

  if (state.idempotent && isTransient(err) && state.transientRetries < MAX_TRANSIENT_RETRIES) {
    const attempt = state.transientRetries++;
    const delayMs = err.retryAfterMs ?? backoffMs(attempt, random);
    return { retry: true, delayMs };
  }
  return { retry: false };
}
