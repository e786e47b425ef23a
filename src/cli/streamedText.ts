// Streamed reply text arrives in deltas, and a control sequence from the backend may be cut in two
// between deltas ("\x1b[3" then "1m"). Stripping each delta alone would let the second half through
// as visible garbage, so an unfinished sequence at the end of a delta is held back until the next
// delta (or the end of the turn) completes it.

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
 * Where the whole sentences of `text` end (0 when none has): after a CJK full stop or a newline, or
 * after . ! ? followed by whitespace ("3.5 seconds" is not an end), and after the whitespace that
 * follows, so each piece keeps its own spacing.
 */
function wholeSentencesEnd(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i];
    const end = '。！？\n'.includes(c) || ('.!?'.includes(c) && /\s/.test(text[i + 1] ?? ''));
    if (!end) continue;
    let j = i + 1;
    while (j < text.length && /\s/.test(text[j])) j++;
    return j;
  }
  return 0;
}

/**
 * Rewrites streamed text sentence by sentence: a rewrite that looks at whole sentences (the GUI-phrase
 * translation) cannot work on half of one, so text is passed on when its sentence is complete.
 */
export class SentenceRewriter {
  private pending = '';

  constructor(private readonly rewrite: (sentences: string) => string) {}

  push(text: string): string {
    this.pending += text;
    const end = wholeSentencesEnd(this.pending);
    if (end === 0) return '';
    const done = this.pending.slice(0, end);
    this.pending = this.pending.slice(end);
    return this.rewrite(done);
  }

  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return rest === '' ? '' : this.rewrite(rest);
  }
}
