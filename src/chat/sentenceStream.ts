// Whole sentences out of streamed reply text, for every front end (the CLI's printer, the chat and
// the panel): a rewrite that looks at whole sentences (the GUI-phrase translation) cannot work on
// half of one, so text is held until its sentence is complete.
//
// Linear in the text, bounded in memory: each character is scanned once (a delta resumes where the
// last scan stopped), and text without a sentence end is released at a word boundary once
// MAX_UNENDED characters are held, so a reply that never ends a sentence still streams.

/** Past this many characters without a sentence end, text is released anyway: no GUI phrase is that long. */
export const MAX_UNENDED = 1000;

const HARD_ENDS = '。！？\n';
const SOFT_ENDS = '.!?';
const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

export class SentenceStream {
  private pending = '';
  /** `pending` before this index holds no sentence end (the last character may still become one). */
  private scanned = 0;

  /**
   * Adds a delta; returns the text now ready ('' when none): whole sentences, each with the
   * whitespace that follows it, or a long unended run cut at its last space.
   */
  push(delta: string): string {
    this.pending += delta;
    const text = this.pending;
    let end = 0;
    // ". " needs the character after the stop, so the last character scanned before is looked at again.
    for (let i = Math.max(0, this.scanned - 1); i < text.length; i++) {
      const c = text[i] as string;
      if (!HARD_ENDS.includes(c) && !(SOFT_ENDS.includes(c) && isSpace(text[i + 1]))) continue;
      let j = i + 1;
      while (isSpace(text[j])) j++;
      end = j;
      i = j - 1;
    }
    if (end === 0 && text.length > MAX_UNENDED) end = text.lastIndexOf(' ') + 1 || text.length;
    this.scanned = text.length - end;
    if (end === 0) return '';
    this.pending = text.slice(end);
    return text.slice(0, end);
  }

  /** At the end of the reply: whatever is held. */
  flush(): string {
    const rest = this.pending;
    this.pending = '';
    this.scanned = 0;
    return rest;
  }
}
