// The one rule for showing backend text (src/shared/safeText.ts): examples here; the seeded
// properties (never a forbidden character, idempotent, ordinary text kept) are in test/hard/spoofing.
import { strict as assert } from 'node:assert';
import { cleanText, defuseMarkdown, noticeText, oneLineText, redactSecrets, safeText, SecretSet } from '../../../src/shared/safeText';

describe('cleanText: terminal control', () => {
  const rows: Array<[string, string, string]> = [
    ['CSI colours and cursor moves', '\x1b[31mred\x1b[0m and \x1b[2J\x1b[1;1Hhome', 'red and home'],
    ['OSC title with BEL and with ST', '\x1b]0;pwned\x07a\x1b]8;;https://evil\x1b\\link\x1b]8;;\x1b\\b', 'alinkb'],
    ['8-bit CSI and OSC', '\x9b31mx\x9d0;t\x9cy', 'xy'],
    ['DCS and APC strings', '\x1bPq#0;2;0;0;0\x1b\\ok\x1b_apc\x1b\\', 'ok'],
    ['other escapes and a lone ESC', '\x1b7saved\x1b8\x1b(Bdone\x1b', 'saveddone'],
    ['C0 controls but not tab or newline; a lone CR is a line break', 'a\x00b\x07c\rd\te\nf\x7fg\x08', 'abc\nd\te\nfg'],
    ['ordinary text, Chinese and emoji untouched', '视频已生成 🎬 — "done" [1] 50%', '视频已生成 🎬 — "done" [1] 50%'],
  ];
  for (const [what, input, want] of rows) it(what, () => assert.equal(cleanText(input), want));
});

describe('cleanText: invisible characters', () => {
  it('removes bidi controls, zero-width characters and the BOM', () => {
    assert.equal(cleanText('\ufeffexport\u202e4pm.exe\u202c \u2066a\u2069\u200b\u200c\u2060\u200e\u200f\u061c!'), 'export4pm.exe a!');
  });
  it('keeps a zero-width joiner inside an emoji sequence only', () => {
    assert.equal(cleanText('👩\u200d💻 a\u200db 👍🏽\u200d'), '👩\u200d💻 ab 👍🏽');
  });
  it('keeps RTL letters, CJK and emoji', () => {
    for (const t of ['مرحبا بالعالم', 'שלום', '视频已生成 🎬', 'Ünïcödé — “quotes” …']) assert.equal(safeText(t), t);
  });
});

describe('oneLineText, noticeText, defuseMarkdown', () => {
  it('turns every kind of line break into one space', () => {
    assert.equal(oneLineText('a\n  b\r\nc\u2028d\u2029e\x85f\tg'), 'a b c d e f g');
  });
  it('a notice is one line whose [label](target) is no link', () => {
    assert.equal(noticeText('Saved\n[run](command:x)'), 'Saved [run] (command:x)');
  });
  it('defuses command links and raw HTML in backend Markdown', () => {
    assert.doesNotMatch(defuseMarkdown('[run me](command:workbench.action.terminal.new?%5B%5D)'), /command:/);
    assert.doesNotMatch(defuseMarkdown('[x]( <command:foo>)'), /command:/);
    assert.equal(defuseMarkdown('<img src=x onerror=alert(1)>'), '&lt;img src=x onerror=alert(1)>');
    assert.equal(defuseMarkdown('3 < 4 and [docs](https://nemovideo.com)'), '3 < 4 and [docs](https://nemovideo.com)');
  });
});

describe('redactSecrets', () => {
  it('redacts nmv_ tokens, bearer values and the tokens in use, leaving the rest', () => {
    assert.equal(redactSecrets('use nmv_usr_SECRET_abc123 now; Authorization: Bearer xyz.123'), 'use [token] now; Authorization: Bearer [token]');
    const secrets = new SecretSet();
    secrets.add('short');
    secrets.add('personal-token-42');
    assert.equal(redactSecrets('mine is personal-token-42, short is fine', secrets), 'mine is [token], short is fine');
    assert.equal(redactSecrets('nothing secret here'), 'nothing secret here');
  });
  it('finds a token hidden behind invisible characters once cleaned', () => {
    assert.equal(safeText('nmv_usr\u200b_abc'), '[token]');
  });
});
