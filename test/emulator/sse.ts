// Server-sent events in the two shapes of the contract. A turn's script is turned into wire
// events by an encoder per shape; the sink writes them, applies stream faults (reset after N
// events, a silent keep-alive-only phase) and keeps working after the client went away, because
// the real backend finishes a turn whether or not anybody is still listening.

import { randomUUID } from 'node:crypto';
import type { Exchange } from './exchange';
import type { SseShape } from './options';

/** What a turn produces, before it is dressed in one of the two shapes. */
export type WireEvent =
  | { type: 'text'; delta: string; runText: string; last: boolean; whole?: boolean } // runText: the whole run so far; whole: one final event, no chunks
  | { type: 'tool_call'; id: string; name: string; args: unknown }
  | { type: 'tool_result'; id: string; name: string; result: unknown }
  | { type: 'heartbeat' }
  | { type: 'error'; message: string };

/** One or more SSE frames (text) for an event, in the chosen shape. */
export function encodeEvent(shape: SseShape, event: WireEvent, seq: number, invocationId: string, turnComplete = false): string {
  if (shape === 'nemo') {
    const payload =
      event.type === 'text' ? { type: 'text', content: event.delta }
      : event.type === 'tool_call' ? { type: 'tool_call', name: event.name, args: event.args }
      : event.type === 'tool_result' ? { type: 'tool_result', name: event.name, result: event.result }
      : event.type === 'heartbeat' ? { type: 'heartbeat' }
      : { error: event.message };
    return `id: ${seq}\ndata: ${JSON.stringify(payload)}\n\n`;
  }
  // Agent-framework shape: heartbeats are comments; text is partial chunks then one final event
  // that repeats the whole run.
  if (event.type === 'heartbeat') return ': heartbeat\n\n';
  const base = (partial: boolean, parts: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({
      id: randomUUID(),
      invocationId,
      author: 'nemo_agent',
      timestamp: Date.now() / 1000,
      partial,
      ...(turnComplete && !partial ? { turnComplete: true } : {}),
      ...extra,
      content: { role: 'model', parts },
      actions: { stateDelta: {}, artifactDelta: {} },
    })}\n\n`;
  switch (event.type) {
    case 'text': {
      if (event.whole) return base(false, [{ text: event.runText }]);
      const chunk = base(true, [{ text: event.delta }]);
      return event.last ? chunk + base(false, [{ text: event.runText }]) : chunk;
    }
    case 'tool_call':
      return base(false, [{ functionCall: { id: event.id, name: event.name, args: event.args } }]);
    case 'tool_result':
      return base(false, [{ functionResponse: { id: event.id, name: event.name, response: event.result } }]);
    case 'error':
      return base(false, [], { errorCode: 'INTERNAL_ERROR', errorMessage: event.message });
  }
}

/** Splits a reply into word-sized deltas (spaces kept, so the deltas concatenate to the text). */
export function chunkText(text: string): string[] {
  return text.match(/\s*\S+/g) ?? (text ? [text] : []);
}

export class SseSink {
  private seq = 0;
  private dataEvents = 0;
  private open = true;
  private agentFailed = false;
  /** Bytes handed to the socket so far (for the bulk stream's size). */
  bytesWritten = 0;
  private readonly invocationId = `e-${randomUUID()}`;

  constructor(
    private readonly ex: Exchange,
    private readonly shape: SseShape,
  ) {
    ex.res.on('close', () => (this.open = false));
  }

  get connected(): boolean {
    return this.open;
  }

  /** True once a scripted agent failure (fault `streamError`) was sent: the turn stops there. */
  get failed(): boolean {
    return this.agentFailed;
  }

  start(): void {
    this.ex.res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    this.ex.res.flushHeaders();
  }

  /** Writes an event; resolves when the socket accepted it (backpressure), or at once when gone. */
  async send(event: WireEvent, turnComplete = false): Promise<void> {
    if (event.type === 'heartbeat' && this.shape === 'adk') return this.raw(': heartbeat\n\n');
    this.seq += 1;
    await this.raw(encodeEvent(this.shape, event, this.seq, this.invocationId, turnComplete));
    if (event.type !== 'heartbeat' || this.shape === 'nemo') this.dataEvents += 1;
    // An empty `data:` now and then, as the real stream has: clients must ignore it.
    if (this.shape === 'nemo' && this.seq === 1) await this.raw('data:\n\n');
    const fault = this.ex.fault;
    if (fault?.kind === 'resetStream' && this.dataEvents >= fault.afterEvents && this.open) {
      this.open = false;
      this.ex.destroy();
    }
    if (fault?.kind === 'streamError' && this.dataEvents >= fault.afterEvents && this.open) {
      this.seq += 1;
      await this.raw(encodeEvent(this.shape, { type: 'error', message: fault.message ?? 'the agent failed' }, this.seq, this.invocationId));
      this.agentFailed = true;
      this.end();
    }
  }

  comment(text = 'keep-alive'): Promise<void> {
    return this.raw(`: ${text}\n\n`);
  }

  raw(text: string): Promise<void> {
    if (!this.open) return Promise.resolve();
    this.bytesWritten += Buffer.byteLength(text);
    return new Promise((resolve) => {
      if (this.ex.res.write(text)) resolve();
      else {
        const done = () => {
          this.ex.res.off('drain', done);
          this.ex.res.off('close', done);
          resolve();
        };
        this.ex.res.on('drain', done);
        this.ex.res.on('close', done);
      }
    });
  }

  /** Closing the stream is how a turn ends: there is no "done" event. */
  end(): void {
    if (this.open) this.ex.res.end();
    this.open = false;
  }
}

const BULK_SENTENCES = [
  'Analyzing your prompt and picking a visual style that fits the product.',
  ' Generating the opening shot with a slow push-in and soft rim light.',
  ' Matching the cut points to the beat of the background track.',
  ' Adding the title card with a gentle fade and a subtle shadow.',
  ' 正在渲染预览，请稍候。 Rendering the preview, almost there…',
];

/**
 * Streams about `bytes` bytes of realistic events as fast as the socket takes them: text deltas in
 * runs (each ending with a final event in the adk shape), tool calls with results, heartbeats.
 * For the SSE parsing benchmark; changes nothing in the session.
 */
export async function streamBulk(sink: SseSink, bytes: number): Promise<number> {
  let n = 0;
  while (sink.bytesWritten < bytes && sink.connected) {
    const run = BULK_SENTENCES[n % BULK_SENTENCES.length];
    const deltas = chunkText(run);
    let soFar = '';
    for (let i = 0; i < deltas.length; i++) {
      soFar += deltas[i];
      await sink.send({ type: 'text', delta: deltas[i], runText: soFar, last: i === deltas.length - 1 });
    }
    if (n % 4 === 3) {
      const id = `call_${n}`;
      await sink.send({ type: 'tool_call', id, name: 'generate_video', args: { prompt: run, duration_s: 10 } });
      await sink.send({ type: 'tool_result', id, name: 'generate_video', result: { status: 'ok', clip_id: `bulk_${n}` } });
    }
    if (n % 2 === 1) await sink.send({ type: 'heartbeat' });
    n += 1;
  }
  sink.end();
  return sink.bytesWritten;
}
