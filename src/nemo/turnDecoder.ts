// Bytes of a `run_sse` answer → typed turn events. Pure: fed chunks, no I/O, so any split of the
// byte stream (even inside a multi-byte UTF-8 character) gives the same events.
import { createParser, type EventSourceParser } from 'eventsource-parser';
import { NemoError } from './errors';
import { TurnEventMapper, type TurnEvent } from './turnEvents';

export type { TurnEvent } from './turnEvents';

/** Default cap on text held for one unfinished event: far above any real event, far below harm. */
export const DEFAULT_MAX_BUFFER_BYTES = 8 * 1024 * 1024;

export class TurnDecoder {
  private readonly utf8 = new TextDecoder('utf-8');
  private readonly mapper = new TurnEventMapper();
  private readonly parser: EventSourceParser;
  private readonly maxBufferBytes: number;
  private pending: TurnEvent[] = [];
  private failure: NemoError | undefined;
  private ended = false;

  constructor(opts: { maxBufferBytes?: number } = {}) {
    this.maxBufferBytes = opts.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES;
    this.parser = createParser({
      // The parser counts UTF-16 code units; every code unit came from at least one byte,
      // so this never lets more than the cap in bytes' worth of text pile up.
      maxBufferSize: this.maxBufferBytes,
      onEvent: (msg) => {
        if (this.failure) return;
        try {
          this.mapper.map(msg.data, msg.event, this.pending);
        } catch (e) {
          this.failure = e instanceof NemoError ? e : new NemoError('stream', 'The reply stream could not be read.', { cause: e });
        }
      },
      onError: (err) => {
        // Unknown fields and bad `retry:` values carry nothing the client needs; only the cap matters.
        if (err.type === 'max-buffer-size-exceeded') {
          this.failure = new NemoError('stream', `The reply stream sent an event larger than ${this.maxBufferBytes} bytes.`, {
            details: { maxBufferBytes: this.maxBufferBytes },
          });
        }
      },
    });
  }

  /** Decodes one chunk; returns the events it completed. Throws NemoError('stream') on bad data. */
  push(chunk: Uint8Array): TurnEvent[] {
    if (this.ended) throw new Error('TurnDecoder.push() after end()');
    return this.feed(this.utf8.decode(chunk, { stream: true }));
  }

  /**
   * The stream closed: flush bytes held for an unfinished character and dispatch a last event a
   * server closed without its blank line (the contract has no "done" event: closing ends the turn).
   * A cut-off last event shows up as bad JSON and throws like any other.
   */
  end(): TurnEvent[] {
    if (this.ended) return [];
    this.ended = true;
    return this.feed(`${this.utf8.decode()}\n\n`);
  }

  private feed(text: string): TurnEvent[] {
    if (this.failure) throw this.failure;
    if (text !== '') this.parser.feed(text);
    if (this.failure) throw this.failure;
    const out = this.pending;
    this.pending = [];
    return out;
  }
}
