// Defect 10: bidi controls, zero-width characters, the BOM and newlines in backend text reached
// stdout, stderr and editor notifications, and a newline in a segment name split the one-line
// summary. One sanitiser (src/shared/safeText.ts) now cleans backend text for every surface; its
// properties are checked here with seeded fast-check, and the CLI against a hostile draft and reply.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { cleanText, oneLineText, safeText } from '../../src/shared/safeText';
import { hard } from './ledger';
import { cliWorld } from './world';

/** Bidi embeddings, overrides, isolates and marks; zero-width characters; BOM; line and paragraph separators. */
const INVISIBLE = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c, 0x200b, 0x200c, 0x2060, 0xfeff, 0x2028, 0x2029];
const PICTOGRAPH = /[\p{Extended_Pictographic}\p{Emoji_Modifier}]/u;

/** Where `text` holds a character no surface may show (described independently of the sanitiser's regexes). */
function forbidden(text: string, oneLine: boolean): string | undefined {
  const cps = [...text];
  for (const [i, ch] of cps.entries()) {
    const cp = ch.codePointAt(0)!;
    const at = `U+${cp.toString(16).padStart(4, '0')} at ${i}`;
    if (cp < 0x20 && (oneLine || (cp !== 0x09 && cp !== 0x0a))) return at;
    if (cp >= 0x7f && cp <= 0x9f) return at;
    if (INVISIBLE.includes(cp)) return at;
    if (cp === 0x200d) {
      // A joiner may only sit inside an emoji sequence: pictograph (optionally FE0F) ZWJ pictograph.
      const before = cps[i - 1] === '\ufe0f' ? cps[i - 2] : cps[i - 1];
      if (!PICTOGRAPH.test(before ?? '') || !/\p{Extended_Pictographic}/u.test(cps[i + 1] ?? '')) return at;
    }
  }
  return undefined;
}

const HOSTILE = ['\x1b', '[', ']', '\x07', '\x9b', '\x9d', '\x9c', '\\', '\r', '\n', '\t', '\x00', '\x85', '\u2028', '\u2029', '\u200d', '\ufe0f',
  ...INVISIBLE.map((cp) => String.fromCodePoint(cp)), '👩', '💻', '🏽', 'a', '1', ';', 'm', '0', ' ', 'n', 'v', '_', '视', 'ب'];
/** Text mixing hostile characters with ordinary and binary ones. */
const anyText = fc.string({ unit: fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 60 });
/** What people and agents write: letters of many scripts (RTL ones included), CJK, emoji sequences, punctuation, line breaks. */
const ORDINARY = ['a', 'Z', '7', ' ', '.', ',', '!', '?', '"', "'", '-', '—', '…', '%', '(', ')', '\n', '\t', 'é', 'ß', 'Ж', '视', '频', '。', 'の',
  'ا', 'ل', 'ع', 'ر', 'ب', 'ש', 'ל', 'ו', 'ם', '🎬', '👍🏽', '👩\u200d💻', '❤\ufe0f', '🏳\ufe0f\u200d🌈'];
const ordinaryText = fc.string({ unit: fc.constantFrom(...ORDINARY), maxLength: 40 });
const RUNS = { seed: 10, numRuns: 400 };

describe('hard: one sanitiser for backend text (properties)', () => {
  hard('spoofing', 'property: cleaned text never holds a control, bidi, zero-width or BOM character; one-line text no line break (seeded)', () => {
    fc.assert(fc.property(anyText, (t) => {
      assert.equal(forbidden(cleanText(t), false), undefined, JSON.stringify(cleanText(t)));
      assert.equal(forbidden(oneLineText(t), true), undefined, JSON.stringify(oneLineText(t)));
      assert.equal(forbidden(safeText(t, { oneLine: true }), true), undefined);
    }), RUNS);
  });

  hard('spoofing', 'property: cleaning is idempotent (seeded)', () => {
    fc.assert(fc.property(anyText, (t) => {
      for (const f of [cleanText, oneLineText, (s: string) => safeText(s), (s: string) => safeText(s, { oneLine: true })]) assert.equal(f(f(t)), f(t), JSON.stringify(t));
    }), RUNS);
  });

  hard('spoofing', 'property: ordinary text of any script, RTL letters, CJK and emoji unchanged (seeded)', () => {
    fc.assert(fc.property(ordinaryText, (t) => {
      assert.equal(cleanText(t), t);
      assert.equal(safeText(t), t);
    }), RUNS);
  });
});

/** A draft whose names and texts try every trick: a line break that fakes a new summary, bidi, zero-width, BOM, an escape. */
const HOSTILE_DRAFT = JSON.stringify({
  d: 10000,
  m: { title: 'Ti\u202etle', width: 1920, height: 1080 },
  t: [
    { tt: 0, sg: [{ st: 0, d: 10000, m: { name: 'beach\nTimeline (0 tracks): faked\r\u2028', src: 'https://cdn.example/a.mp4' } }] },
    { tt: 1, sg: [{ st: 0, d: 10000, m: { name: '\ufeffLo\u200b-fi \u2066gpj.exe\u2069\x1b[2J', vol: 0.35 } }] },
    { tt: 7, sg: [{ st: 0, d: 3000, m: { text: 'Hel\u200dlo\u061c\u200e\u200f', style: 'title' } }] },
  ],
});

describe('hard: hostile backend text through the CLI', function () {
  this.timeout(120_000);
  const w = cliWorld();

  async function hostileSession(): Promise<void> {
    const made = await w.run(['chat', 'make a 5-second video of a lighthouse']);
    assert.equal(made.code, 0, made.stderr);
    const sessions = (await w.homeJson('sessions.json')) as Record<string, string>;
    const [sessionId] = Object.values(sessions);
    w.emu.setDraft(sessionId, HOSTILE_DRAFT);
  }

  hard('spoofing', 'nemo status: the summary is one line, with no bidi, zero-width, BOM or control character', async () => {
    await hostileSession();
    const r = await w.run(['status']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('Timeline'));
    assert.equal(lines.length, 1, r.stdout);
    assert.match(lines[0], /beach Timeline \(0 tracks\): faked/);
    assert.match(lines[0], /Lo-fi gpj\.exe/);
    assert.equal(forbidden(r.stdout + r.stderr, false), undefined, JSON.stringify(r.stdout));
  });

  hard('spoofing', 'nemo status --json: every string of the result is clean', async () => {
    await hostileSession();
    const r = await w.run(['status', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 1);
    JSON.parse(r.stdout, (_k, v: unknown) => {
      if (typeof v === 'string') assert.equal(forbidden(v, false), undefined, JSON.stringify(v));
      return v;
    });
  });

  hard('spoofing', "the agent's reply quoting a hostile title is printed without its invisible characters", async () => {
    assert.equal((await w.run(['chat', 'make a 5-second video of a lighthouse'])).code, 0);
    const r = await w.run(['chat', "change the title to 'Sale\u202e4pm\u202c ends\u200b\ufeff'"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Sale4pm ends/);
    assert.equal(forbidden(r.stdout + r.stderr, false), undefined, JSON.stringify(r.stdout));
  });
});
