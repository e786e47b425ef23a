// Where every byte the CLI prints goes.
//  - Reply text streams to stdout sentence by sentence as it arrives; under --json it goes to stderr, because then stdout
//    holds exactly one JSON object on one line, written at the end.
//  - Notes, warnings and the one-line failure go to stderr.
//  - Everything printed may hold text from the backend (a title, an error message): all of it, the
//    JSON result's strings included, goes through src/shared/safeText.ts (no control sequence, no
//    invisible reordering character, no token: the ones this run holds register in `secrets`).
//  - Progress (upload bytes, render %, elapsed time) is redrawn in place on stderr, and only when
//    stderr is a terminal: in a pipe or a log file it would be noise.
import { cleanText, redactSecrets, safeText, SecretSet } from '../shared/safeText';
import { SentenceRewriter, StreamedTextCleaner } from './streamedText';

export interface CliStream {
  write(chunk: string): boolean;
  isTTY?: boolean;
}

export interface CliStreams {
  stdout: CliStream;
  stderr: CliStream;
}

/** Redraws faster than this add flicker, not information. */
const PROGRESS_MIN_INTERVAL_MS = 100;

export class CliOutput {
  /** The tokens this run holds (the token store registers each one it reads or stores). */
  readonly secrets = new SecretSet();
  private readonly cleaner: StreamedTextCleaner;
  private readonly rewriter: SentenceRewriter;
  /** The reply stream's last character was not a newline: a note must start on a fresh line. */
  private replyLineOpen = false;
  private progressShown = false;
  private lastProgressAt = 0;

  constructor(
    private readonly io: CliStreams,
    readonly json: boolean,
    /** Applied to whole sentences of the reply (the GUI-phrase translation). */
    rewrite: (sentences: string) => string = (t) => t,
    private readonly now: () => number = Date.now,
  ) {
    this.cleaner = new StreamedTextCleaner(cleanText);
    // Secrets are redacted in whole sentences: a token cut in two between deltas is whole there.
    this.rewriter = new SentenceRewriter((t) => redactSecrets(rewrite(t), this.secrets));
  }

  private get replyStream(): CliStream {
    return this.json ? this.io.stderr : this.io.stdout;
  }

  /**
   * A delta of the agent's reply, shown as its sentences complete (cleaned, then rewritten and redacted).
   * Returns the text shown by this call.
   */
  replyText(delta: string): string {
    const shown = this.rewriter.push(this.cleaner.push(delta));
    this.writeReply(shown);
    return shown;
  }

  /** The reply is over: shows what was held back and ends the line. Returns the text shown by this call. */
  endReply(): string {
    const rest = this.rewriter.push(this.cleaner.flush()) + this.rewriter.flush();
    this.writeReply(rest);
    this.closeReplyLine();
    return rest;
  }

  /** A line for the person at the terminal (stderr). */
  note(line: string): void {
    this.clearProgress();
    this.closeReplyLine();
    this.io.stderr.write(this.shown(line) + '\n');
  }

  /** Redraws the progress line, when stderr is a terminal. */
  progress(line: string, force = false): void {
    if (!this.io.stderr.isTTY) return;
    const t = this.now();
    if (!force && this.progressShown && t - this.lastProgressAt < PROGRESS_MIN_INTERVAL_MS) return;
    this.lastProgressAt = t;
    this.closeReplyLine();
    this.io.stderr.write('\r\x1b[2K' + line);
    this.progressShown = true;
  }

  clearProgress(): void {
    if (!this.progressShown) return;
    this.io.stderr.write('\r\x1b[2K');
    this.progressShown = false;
  }

  /**
   * The command's result: under --json the one JSON line on stdout; otherwise the human lines on
   * stdout (none when the streamed reply already said it all).
   */
  result(value: Record<string, unknown>, humanLines: readonly string[]): void {
    this.clearProgress();
    this.closeReplyLine();
    if (this.json) {
      this.io.stdout.write(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' ? this.shown(v) : v)) + '\n');
    } else {
      for (const line of humanLines) this.io.stdout.write(this.shown(line) + '\n');
    }
  }

  private shown(text: string): string {
    return safeText(text, { secrets: this.secrets });
  }

  private writeReply(text: string): void {
    if (text === '') return;
    this.clearProgress();
    this.replyStream.write(text);
    this.replyLineOpen = !text.endsWith('\n');
  }

  private closeReplyLine(): void {
    if (!this.replyLineOpen) return;
    this.replyStream.write('\n');
    this.replyLineOpen = false;
  }
}
