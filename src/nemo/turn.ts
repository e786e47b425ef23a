// One message sent to the agent: POST /run_sse read as an async iterable of TurnEvent that owns its
// AbortController. `abort()` and the caller's signal both cancel the HTTP request (the server sees
// the socket close). The request is sent when iteration starts, once: a Turn is never resent.
//
// Timeouts: keep-alive comments and heartbeats count as life, so a silent agent never times out
// while the server still sends them (undici's body timeout measures the gap between bytes); the
// whole turn is capped (15 minutes by default, the contract's longest turn).
import * as l10n from '@vscode/l10n';
import { abortedError } from './auth';
import { NemoError, isNemoError } from './errors';
import { networkError, type Transport } from './transport';
import { TurnDecoder } from './turnDecoder';
import type { TurnEvent } from './turnEvents';

export const RUN_SSE_PATH = '/run_sse';
export const DEFAULT_MAX_TURN_MS = 15 * 60_000;
/** Longest gap between any two bytes of the stream (keep-alives included) before it counts as broken. */
export const DEFAULT_STREAM_IDLE_MS = 3 * 60_000;

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
    return new TurnIterator(this.t, this.sessionId, this.text, this.opts, this.controller);
  }
}

type Step = IteratorResult<TurnEvent, undefined>;
const DONE: Step = Object.freeze({ done: true, value: undefined });

/**
 * The events of one turn, handed out one `next()` at a time. Written by hand rather than as an
 * async generator: a chunk of the stream carries dozens of events, and a generator pays an extra
 * await and promise per `yield`; here an event already decoded costs one resolved promise, and
 * the network is read only when none is left. Like a generator: the request is sent on the first
 * `next()`, calls run one at a time, `return()` (a `break` in `for await`) cancels the request,
 * and after an error or the end every call answers done.
 */
class TurnIterator implements AsyncIterator<TurnEvent, undefined> {
  private readonly decoder = new TurnDecoder();
  private state: 'new' | 'open' | 'closed' = 'new';
  private body: AsyncIterator<Uint8Array> | undefined;
  /** Decoded events not handed out yet: `events[at]` is next. */
  private events: TurnEvent[] = [];
  private at = 0;
  /** A `next()` waiting on the network; later calls wait behind it. */
  private reading: Promise<unknown> | undefined;
  private finished = false;
  private capped = false;
  private cap: ReturnType<typeof setTimeout> | undefined;
  private readonly onOuterAbort = (): void => this.controller.abort();

  constructor(
    private readonly t: Transport,
    private readonly sessionId: string,
    private readonly text: string,
    private readonly opts: TurnOptions,
    private readonly controller: AbortController,
  ) {}

  next(): Promise<Step> {
    if (this.reading) return this.reading.then(() => this.next(), () => this.next());
    if (this.at < this.events.length) return Promise.resolve({ done: false, value: this.events[this.at++] });
    if (this.state === 'closed') return Promise.resolve(DONE);
    const read = this.read();
    this.reading = read;
    const settled = (): void => {
      this.reading = undefined;
    };
    read.then(settled, settled);
    return read;
  }

  return(): Promise<Step> {
    // Queued like any call, as a generator queues it: a next() made after return() must find the
    // turn closed, not take a buffered event or start a read that return() then aborts.
    if (this.reading) return this.reading.then(() => this.return(), () => this.return());
    this.events = [];
    this.close(); // cancels the request if it is still running
    return Promise.resolve(DONE);
  }

  /** Reads the stream until it completes at least one event, or ends. */
  private async read(): Promise<Step> {
    try {
      if (this.state === 'new') await this.open();
      const body = this.body as AsyncIterator<Uint8Array>;
      for (;;) {
        const chunk = await body.next();
        let events: TurnEvent[];
        if (chunk.done) {
          events = this.decoder.end().filter((ev) => ev.type !== 'end');
          events.push({ type: 'end' });
          this.finished = true;
          this.close();
        } else {
          events = this.decoder.push(chunk.value);
        }
        if (events.length > 0) {
          this.events = events;
          this.at = 1;
          return { done: false, value: events[0] };
        }
      }
    } catch (e) {
      const err = this.failure(e); // before close(), which aborts: the cause must be judged first
      this.events = [];
      this.close();
      throw err;
    }
  }

  private async open(): Promise<void> {
    this.state = 'open';
    const outer = this.opts.signal;
    if (outer?.aborted) this.controller.abort();
    outer?.addEventListener('abort', this.onOuterAbort, { once: true });
    this.cap = setTimeout(() => {
      this.capped = true;
      this.controller.abort();
    }, this.opts.maxTurnMs ?? DEFAULT_MAX_TURN_MS);
    const res = await this.t.openStream(RUN_SSE_PATH, {
      body: runSseBody(this.sessionId, this.text),
      signal: this.controller.signal,
      bodyTimeoutMs: this.opts.idleTimeoutMs ?? DEFAULT_STREAM_IDLE_MS,
    });
    this.body = res.body[Symbol.asyncIterator]();
  }

  private close(): void {
    const was = this.state;
    this.state = 'closed';
    if (was !== 'open') return;
    clearTimeout(this.cap);
    this.opts.signal?.removeEventListener('abort', this.onOuterAbort);
    // A consumer that stopped early (break, throw) must not leave the socket open.
    if (!this.finished) {
      this.controller.abort();
      this.body?.return?.().catch(() => undefined);
    }
  }

  private failure(e: unknown): NemoError {
    if (this.capped) {
      const minutes = Math.round((this.opts.maxTurnMs ?? DEFAULT_MAX_TURN_MS) / 60_000);
      return new NemoError('timeout', l10n.t('The reply took longer than {0} minutes and was stopped.', minutes), { path: RUN_SSE_PATH, cause: e });
    }
    if (this.controller.signal.aborted) return abortedError(e);
    if (isNemoError(e)) return e;
    const err = networkError(e, 'POST', RUN_SSE_PATH, undefined);
    return new NemoError(err.kind === 'timeout' ? 'timeout' : 'stream', l10n.t('The reply stream broke: {0}', err.message), {
      path: RUN_SSE_PATH, cause: e, details: err.details,
    });
  }
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
