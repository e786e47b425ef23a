// Text from the backend (replies, titles, segment names, error messages) made safe to show, by
// every surface alike: the CLI's stdout and stderr, chat, notifications, the status bar, the panel,
// the log and tool results. One module, so the rules cannot drift apart between surfaces. Pure;
// runs in Node and the page.
//  - Terminal control: escape sequences (CSI, OSC, DCS, …) and C0/C1 controls could drive a terminal.
//  - Invisible characters that reorder or hide text (bidi embeddings, overrides, isolates and marks;
//    zero-width characters; the BOM) could make a name or a command read as something it is not.
//    A zero-width joiner inside an emoji sequence stays: 👩‍💻 is one picture, not a trick.
//  - One-line contexts (the timeline summary, a notification, a failure line): a line break is a space.
//  - Secrets: a Nemo token or a bearer value, and the token values in use, never reach any output.
//  - Links: a `[label](command:…)` in backend text must not become a link that runs a command.

// Terminal control: string commands (OSC, DCS, SOS, PM, APC) with their payload up to the string
// terminator, CSI sequences, other escape sequences, then any C0/C1 control except tab and newline.
const STRING_COMMAND = /(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c)/g;
const CSI = /(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]/g;
const ESCAPE = /\x1b[ -/]*[0-~]?/g;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
/** Bidi embeddings/overrides (202A-202E), isolates (2066-2069), marks (200E, 200F, 061C); ZWSP, ZWNJ, word joiner, BOM. */
const INVISIBLE = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b\u200c\u2060\ufeff]/g;
/** A zero-width joiner that does not join two pictographs of one emoji sequence. */
const LONE_JOINER = /(?<![\p{Extended_Pictographic}\p{Emoji_Modifier}]\ufe0f?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu;
/** Line breaks of every kind: \r\n, \r, \n, NEL, line and paragraph separators. */
const LINE_BREAK = /\r\n|[\r\n\x85\u2028\u2029]/g;

/**
 * Backend text that must not drive the terminal or hide what it says: escape sequences, control
 * characters (but tab and newline) and invisible reordering characters removed; other line breaks
 * become newlines. Idempotent; ordinary text of any script, and emoji, unchanged.
 */
export function cleanText(text: string): string {
  return text
    .replace(LINE_BREAK, '\n')
    .replace(STRING_COMMAND, '')
    .replace(CSI, '')
    .replace(ESCAPE, '')
    .replace(CONTROL, '')
    .replace(INVISIBLE, '')
    .replace(LONE_JOINER, '');
}

/** `cleanText` for a one-line context: line breaks and tabs (with the spaces around them) become one space. */
export function oneLineText(text: string): string {
  return cleanText(text).replace(/[ \t]*[\n\t]\s*/g, ' ');
}

const TOKEN_SHAPES = /\bnmv_[A-Za-z0-9_-]+/g;
const BEARER = /\b(Bearer)\s+[^\s"',;]+/gi;
/** Shorter values are not secrets worth hiding (and hiding them would blank ordinary words). */
const MIN_SECRET_LENGTH = 8;

/**
 * Nothing that looks like a Nemo token or a bearer value, nor any of `secrets` (the tokens in use,
 * whatever their shape), reaches a person. Apply to whole words: a token cut in two between stream
 * deltas is only recognised once whole.
 */
export function redactSecrets(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join('[token]');
  }
  return out.replace(TOKEN_SHAPES, '[token]').replace(BEARER, '$1 [token]');
}

/** The token values this surface holds, registered as they are read so every output can hide them. */
export class SecretSet implements Iterable<string> {
  private readonly values = new Set<string>();
  add(secret: string | undefined): void {
    if (secret !== undefined && secret.length >= MIN_SECRET_LENGTH) this.values.add(secret);
  }
  [Symbol.iterator](): Iterator<string> {
    return this.values[Symbol.iterator]();
  }
}

/**
 * Backend text as shown anywhere: cleaned first (so no invisible character can hide a token from
 * redaction), then secrets redacted; `oneLine` for a summary, a notice or a failure line.
 */
export function safeText(text: string, opts: { oneLine?: boolean; secrets?: Iterable<string> } = {}): string {
  return redactSecrets(opts.oneLine ? oneLineText(text) : cleanText(text), opts.secrets);
}

/** Markdown from the backend: `command:` links lead nowhere and raw HTML is shown as text. */
export function defuseMarkdown(text: string): string {
  return text
    .replace(/\]\(\s*<?\s*command:/gi, '](#')
    .replace(/<(?=[a-z/!?])/gi, '&lt;');
}

/**
 * Text for a notification (one line, not Markdown, but `[label](target)` would still become a
 * link that runs the command): no such link survives, secrets redacted.
 */
export function noticeText(text: string): string {
  return safeText(text, { oneLine: true }).replace(/\]\s*\(/g, '] (');
}
