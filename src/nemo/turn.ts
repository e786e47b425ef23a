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
  private capped = false;

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

  private async *events(): AsyncGenerator<TurnEvent> {
    const outer = this.opts.signal;
    const onOuterAbort = (): void => this.controller.abort();
    if (outer?.aborted) this.controller.abort();
    outer?.addEventListener('abort', onOuterAbort, { once: true });
    const cap = setTimeout(() => {
      this.capped = true;
      this.controller.abort();
    }, this.opts.maxTurnMs ?? DEFAULT_MAX_TURN_MS);
    let finished = false;
    try {
      const res = await this.t.openStream(RUN_SSE_PATH, {
        body: runSseBody(this.sessionId, this.text),
        signal: this.controller.signal,
        bodyTimeoutMs: this.opts.idleTimeoutMs ?? DEFAULT_STREAM_IDLE_MS,
      });
      const decoder = new TurnDecoder();
      for await (const chunk of res.body) {
        for (const ev of decoder.push(chunk)) yield ev;
      }
      for (const ev of decoder.end()) if (ev.type !== 'end') yield ev;
      finished = true;
      yield { type: 'end' };
    } catch (e) {
      throw this.failure(e);
    } finally {
      clearTimeout(cap);
      outer?.removeEventListener('abort', onOuterAbort);
      // A consumer that stopped early (break, throw) must not leave the socket open.
      if (!finished) this.controller.abort();
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

/** Sends `text` in `sessionId` when iterated. */
export function sendMessage(t: Transport, sessionId: string, text: string, opts: TurnOptions = {}): Turn {
  return new TurnStream(t, sessionId, text, opts);
}
