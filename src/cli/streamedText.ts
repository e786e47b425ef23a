// Streamed reply text arrives in deltas, and a control sequence from the backend may be cut in two
// between deltas ("\x1b[3" then "1m"). Stripping each delta alone would let the second half through
// as visible garbage, so an unfinished sequence at the end of a delta is held back until the next
// delta (or the end of the turn) completes it.
import { SentenceStream } from '../chat';

/** An escape sequence that has started but not ended at the very end of the text. */
const UNFINISHED_TAIL = new RegExp(
  [
    '(?:\\x1b|\\x9b|\\x9d)$', // a lone introducer
    '(?:\\x1b\\[|\\x9b)[0-?]*[ -/]*$', // CSI without its final byte
    '(?:\\x1b\\]|\\x9d)[^\\x07\\x1b\\x9c]*\\x1b?$', // OSC without BEL / ST
  ].join('|'),
);

/** Longer than any sequence worth waiting for: past this, the tail is released (and stripped as is). */
const MAX_HELD = 512;

export class StreamedTextCleaner {
  private held = '';

  constructor(private readonly strip: (text: string) => string) {}

  /** The printable part of `delta` that can be shown now. */
  push(delta: string): string {
    const text = this.held + delta;
    const tail = UNFINISHED_TAIL.exec(text);
    if (tail && text.length - tail.index <= MAX_HELD) {
      this.held = text.slice(tail.index);
      return this.strip(text.slice(0, tail.index));
    }
    this.held = '';
    return this.strip(text);
  }

  /** At the end of the turn: whatever was held back, stripped. */
  flush(): string {
    const rest = this.strip(this.held);
    this.held = '';
    return rest;
  }
}

/**
 * Rewrites streamed text sentence by sentence (src/chat's SentenceStream decides where sentences
 * end): the GUI-phrase translation cannot work on half of a sentence.
 */
export class SentenceRewriter {
  private readonly sentences = new SentenceStream();

  constructor(private readonly rewrite: (sentences: string) => string) {}

  push(text: string): string {
    const done = this.sentences.push(text);
    return done === '' ? '' : this.rewrite(done);
  }

  flush(): string {
    const rest = this.sentences.flush();
    return rest === '' ? '' : this.rewrite(rest);
  }
}
