// One message sent to the agent: POST /run_sse read as an async iterable of TurnEvent that owns its
// AbortController. `abort()` and the caller's signal both cancel the HTTP request (the server sees
// the socket close). The request is sent when iteration starts, once: a Turn is never resent.
//
// Timeouts (streamTiming.ts): keep-alive comments and heartbeats count as life for the socket, so a
// silent agent never breaks the stream while the server still sends them (undici's body timeout
// measures the gap between bytes); the whole turn is capped (15 minutes by default). Heartbeats
// alone for 10 minutes are a timed-out turn: turnRunner.ts decides that, it knows the events.
import * as l10n from '@vscode/l10n';
import { abortedError } from './auth';
import { NemoError, isNemoError } from './errors';
import { DEFAULT_STREAM_TIMING, limitWords } from './streamTiming';
import { networkError, type Transport } from './transport';
import { TurnDecoder } from './turnDecoder';
import type { TurnEvent } from './turnEvents';

export const RUN_SSE_PATH = '/run_sse';
const DEFAULT_MAX_TURN_MS = DEFAULT_STREAM_TIMING.maxTurnMs;
/** Longest gap between any two bytes of the stream (keep-alives included) before it counts as broken. */
const DEFAULT_STREAM_IDLE_MS = DEFAULT_STREAM_TIMING.socketIdleMs;

export interface TurnOptions {
  signal?: AbortSignal;
  idleTimeoutMs?: number;
  maxTurnMs?: number;
}

export interface Turn extends AsyncIterable<TurnEvent> {
  /** Cancels the request; iteration then throws NemoError('aborted'). */
  abort(): void;
}

export function runSseBody(sessionId: string, text: string): unknown {
  return { app_name: 'nemo_agent', user_id: 'me', session_id: sessionId, new_message: { parts: [{ text }] } };
}

/**
 * A turn is an async generator that owns its AbortController: the generator gives the iterator
 * contract (the request goes out on the first `next()`; calls run one at a time, in order;
 * `return()`, a `break` in `for await`, runs the `finally` that cancels the request; after an
 * error or the end every call answers done), and the controller lets `abort()` and the caller's
 * signal cancel it from outside.
 */
class TurnStream implements Turn {
  private readonly controller = new AbortController();
  private started = false;

  constructor(
    private readonly t: Transport,
    private readonly sessionId: string,
    private readonly text: string,
    private readonly opts: TurnOptions,
  ) {}

  abort(): void {
    this.controller.abort();
  }

  [Symbol.asyncIterator](): AsyncIterator<TurnEvent> {
    if (this.started) throw new Error('A Turn can be iterated only once: a message is never sent twice.');
    this.started = true;
    return this.events();
  }

  private async *events(): AsyncGenerator<TurnEvent, undefined> {
    const { controller, opts } = this;
    const outer = opts.signal;
    const onOuterAbort = (): void => controller.abort();
    if (outer?.aborted) controller.abort();
    outer?.addEventListener('abort', onOuterAbort, { once: true });
    let capped = false;
    const cap = setTimeout(() => {
      capped = true;
      controller.abort();
    }, opts.maxTurnMs ?? DEFAULT_MAX_TURN_MS);
    const release = (): void => {
      clearTimeout(cap);
      outer?.removeEventListener('abort', onOuterAbort);
    };
    let body: AsyncIterator<Uint8Array> | undefined;
    let finished = false;
    try {
      const res = await this.t.openStream(RUN_SSE_PATH, {
        body: runSseBody(this.sessionId, this.text),
        signal: controller.signal,
        bodyTimeoutMs: opts.idleTimeoutMs ?? DEFAULT_STREAM_IDLE_MS,
      });
      body = res.body[Symbol.asyncIterator]();
      const decoder = new TurnDecoder();
      for (;;) {
        const chunk = await body.next();
        if (chunk.done) break;
        for (const ev of decoder.push(chunk.value)) yield ev;
      }
      finished = true;
      release(); // the stream is over: nothing to time or cancel while the last events are read
      for (const ev of decoder.end()) if (ev.type !== 'end') yield ev;
      yield { type: 'end' };
    } catch (e) {
      throw failure(e, capped, controller.signal.aborted, opts); // judged before finally aborts
    } finally {
      release();
      // A consumer that stopped early (break, throw), or a failure: the socket must not stay open.
      if (!finished) {
        controller.abort();
        body?.return?.().catch(() => undefined);
      }
    }
  }
}

function failure(e: unknown, capped: boolean, aborted: boolean, opts: TurnOptions): NemoError {
  if (capped) {
    return new NemoError('timeout', l10n.t('The reply took longer than {0} and was stopped.', limitWords(opts.maxTurnMs ?? DEFAULT_MAX_TURN_MS)), { path: RUN_SSE_PATH, cause: e });
  }
  if (aborted) return abortedError(e);
  if (isNemoError(e)) return e;
  const err = networkError(e, 'POST', RUN_SSE_PATH, undefined);
  return new NemoError(err.kind === 'timeout' ? 'timeout' : 'stream', l10n.t('The reply stream broke: {0}', err.message), {
    path: RUN_SSE_PATH, cause: e, details: err.details,
  });
}

/**
 * A message with nothing in it is refused here, before any request: the server would answer 400,
 * and nothing a person could mean by it is worth a round trip (or a credit).
 */
export function assertSendable(text: string): void {
  if (text.trim() === '') {
    throw new NemoError('invalid-input', l10n.t('The message is empty: write what Nemo should make or change.'), { didNothing: true });
  }
}

/** Sends `text` in `sessionId` when iterated. */
export function sendMessage(t: Transport, sessionId: string, text: string, opts: TurnOptions = {}): Turn {
  assertSendable(text);
  return new TurnStream(t, sessionId, text, opts);
}
