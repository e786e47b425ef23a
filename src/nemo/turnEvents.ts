// Maps the JSON of one SSE `data:` block to the typed events of a turn.
// Two shapes are in the wild (contract, "Stream wire format"): Nemo's own `{type, ...}` layer and
// agent-framework events (`content.parts`, `partial`, `errorCode`). Both are accepted; anything else
// that parses as JSON but is not recognised is ignored, because the backend may add event kinds
// the client does not need.
import { NemoError } from './errors';

export type TurnEvent =
  | { type: 'text'; text: string } // a delta to append: partial chunks and the final repeat are shown once
  | { type: 'tool_call'; name: string; args: unknown }
  | { type: 'tool_result'; name: string; result: unknown }
  | { type: 'heartbeat' }
  | { type: 'error'; message: string; code?: string }
  | { type: 'end' };

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nameOf(v: unknown): string {
  return typeof v === 'string' && v !== '' ? v : 'unknown';
}

/**
 * Stateful because of the partial/final text rule: partial chunks are shown as they come, and the
 * final non-partial event that repeats the whole text must only add what was not shown yet.
 * One mapper per turn.
 */
/**
 * A whole message the agent tacks on after a normal reply ("I encountered a temporary issue…"): noise
 * (contract), left out. Alone, with nothing said before it, it is the reply and is shown.
 */
const TRAILING_NOISE = /^\s*I encountered a temporary issue\b/i;
/** Text that ends a sentence (then a tool event closes the message). */
const SENTENCE_END = /[.!?。！？…]["'”’)]*\s*$/u;

export class TurnEventMapper {
  /** Text of the current message shown through partial chunks, not yet closed by a final event. */
  private shownPartial = '';
  /** Some text of this turn was shown. */
  private textShown = false;
  /** A message ended (a final text, or a tool event after a finished sentence): the next text is a new paragraph. */
  private atBoundary = false;
  /** The text shown last ends a sentence. */
  private sentenceEnded = false;
  /** Tool call/response ids already reported: a final event may repeat what a partial one carried. */
  private readonly seenToolIds = new Set<string>();

  /**
   * Appends to `out` the events of one SSE event: `data` is its (possibly multi-line) payload,
   * `event` its `event:` name, if any. Appends nothing when it throws. (An output array rather
   * than a returned one: this runs for every event of the stream, most of which make one event.)
   */
  map(data: string, event: string | undefined, out: TurnEvent[]): void {
    // Data that starts with `{` is not blank: skip the trim (a copy's worth of work per event).
    if (data.charCodeAt(0) !== 0x7b && data.trim() === '') {
      out.push({ type: 'heartbeat' });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch (cause) {
      // A server that names the event `error` may send the message as plain text.
      if (event === 'error') {
        out.push({ type: 'error', message: data.trim() });
        return;
      }
      throw new NemoError('stream', `The reply stream carried data that is not JSON (${data.length} characters).`, { cause });
    }
    if (!isRecord(json)) return;
    const failure = this.errorOf(json);
    if (failure) out.push(failure);
    else if (typeof json.type === 'string') this.mapNemo(json, out);
    else if (isRecord(json.content)) this.mapAgentEvent(json, out);
    else if (json.turnComplete === true) this.shownPartial = '';
  }

  private errorOf(json: Json): TurnEvent | undefined {
    const err = json.error;
    if (typeof err === 'string' && err !== '') return { type: 'error', message: err };
    if (isRecord(err)) {
      const message = typeof err.message === 'string' ? err.message : 'unknown error';
      const code = err.code;
      return typeof code === 'string' || typeof code === 'number'
        ? { type: 'error', message, code: String(code) }
        : { type: 'error', message };
    }
    const code = json.errorCode;
    const message = json.errorMessage;
    if ((typeof code === 'string' && code !== '') || typeof code === 'number' || (typeof message === 'string' && message !== '')) {
      const text = typeof message === 'string' && message !== '' ? message : 'unknown error';
      return code === undefined || code === null || code === '' ? { type: 'error', message: text } : { type: 'error', message: text, code: String(code) };
    }
    return undefined;
  }

  private mapNemo(json: Json, out: TurnEvent[]): void {
    switch (json.type) {
      case 'text': {
        const text = typeof json.content === 'string' ? json.content : typeof json.text === 'string' ? json.text : '';
        this.text(text, json.partial === true, out);
        return;
      }
      case 'tool_call':
        this.toolEvent();
        out.push({ type: 'tool_call', name: nameOf(json.name), args: json.args ?? {} });
        return;
      case 'tool_result':
        this.toolEvent();
        out.push({ type: 'tool_result', name: nameOf(json.name), result: json.result ?? null });
        return;
      case 'heartbeat':
        out.push({ type: 'heartbeat' });
        return;
      case 'error': {
        const message = [json.message, json.content].find((m): m is string => typeof m === 'string' && m !== '') ?? 'unknown error';
        out.push(json.code === undefined ? { type: 'error', message } : { type: 'error', message, code: String(json.code) });
        return;
      }
      default:
    }
  }

  private mapAgentEvent(json: Json, out: TurnEvent[]): void {
    const content = json.content as Json;
    // The user's own message may be echoed back; it is not part of the reply.
    if (content.role === 'user') return;
    const partial = json.partial === true;
    const parts = Array.isArray(content.parts) ? content.parts : [];
    let tools: TurnEvent[] | undefined; // reported after the text of the same event
    let text: string | undefined;
    for (const part of parts) {
      if (!isRecord(part)) continue;
      if (typeof part.text === 'string' && part.thought !== true) {
        text = (text ?? '') + part.text;
      } else if (isRecord(part.functionCall)) {
        const call = part.functionCall;
        if (this.firstSight('call', call.id)) (tools ??= []).push({ type: 'tool_call', name: nameOf(call.name), args: call.args ?? {} });
      } else if (isRecord(part.functionResponse)) {
        const res = part.functionResponse;
        if (this.firstSight('response', res.id)) (tools ??= []).push({ type: 'tool_result', name: nameOf(res.name), result: res.response ?? null });
      }
    }
    if (text !== undefined) this.text(text, partial, out);
    else if (!partial) this.shownPartial = '';
    // A final event closes its message: whatever text comes next is a new paragraph.
    if (!partial && text !== undefined) this.atBoundary = true;
    if (tools) {
      this.toolEvent();
      for (const ev of tools) out.push(ev);
    }
  }

  private firstSight(kind: string, id: unknown): boolean {
    if (typeof id !== 'string' || id === '') return true;
    const key = `${kind}:${id}`;
    if (this.seenToolIds.has(key)) return false;
    this.seenToolIds.add(key);
    return true;
  }

  private text(text: string, partial: boolean, out: TurnEvent[]): void {
    if (partial) {
      this.shownPartial += text;
      this.show(text, out);
      return;
    }
    const whole = this.shownPartial === '';
    const delta = finalDelta(this.shownPartial, text);
    this.shownPartial = '';
    if (whole && this.textShown && TRAILING_NOISE.test(text)) return;
    this.show(delta, out);
  }

  /**
   * Text after a tool event is a new message when the text before it had finished its sentence
   * ("…titled 'Tick'." then "Done!"); otherwise it goes on ("Making your video" … " — done.").
   */
  private toolEvent(): void {
    if (this.sentenceEnded) this.atBoundary = true;
  }

  /** Hands out a text delta, opening a new paragraph when it starts a new message. */
  private show(text: string, out: TurnEvent[]): void {
    if (text === '') return;
    const paragraph = this.textShown && this.atBoundary && !text.startsWith('\n');
    const shown = paragraph ? `\n\n${text.replace(/^[ \t]+/, '')}` : text;
    this.atBoundary = false;
    this.textShown = true;
    this.sentenceEnded = SENTENCE_END.test(shown);
    out.push({ type: 'text', text: shown });
  }
}

/**
 * What a final (non-partial) text adds to the partial chunks already shown.
 * - Final repeats the chunks (the normal case) or extends them: show only the new tail.
 * - Final is a prefix of what was shown (e.g. trimmed): nothing to add.
 * - Final differs otherwise: shown text cannot be taken back, and the final text is the
 *   authoritative one, so it is shown whole as a new paragraph rather than spliced into a garble.
 */
export function finalDelta(shown: string, final: string): string {
  if (shown === '') return final;
  if (final.startsWith(shown)) return final.slice(shown.length);
  if (shown.startsWith(final) || shown.trim() === final.trim()) return '';
  return `\n\n${final}`;
}
