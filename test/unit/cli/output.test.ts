import { strict as assert } from 'node:assert';
import { CliOutput, type CliStream } from '../../../src/cli/output';
import { SentenceRewriter, StreamedTextCleaner } from '../../../src/cli/streamedText';

class Sink implements CliStream {
  text = '';
  constructor(readonly isTTY = false) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

// A minimal stand-in for the real stripper: the cleaner's job is only to hold back cut sequences.
const strip = (s: string): string => s.replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '');

describe('cli output', () => {
  it('holds back a control sequence cut between deltas', () => {
    const c = new StreamedTextCleaner(strip);
    assert.equal(c.push('Hello \x1b[3'), 'Hello ');
    assert.equal(c.push('1mred\x1b'), 'red');
    assert.equal(c.push('[0m and \x1b]0;tit'), ' and ');
    assert.equal(c.push('le\x07done'), 'done');
    assert.equal(c.flush(), '');
  });

  it('releases an unfinished tail at the end of the turn', () => {
    const c = new StreamedTextCleaner(strip);
    assert.equal(c.push('50% \x1b['), '50% ');
    assert.equal(c.flush(), '\x1b[');
  });

  it('passes whole sentences to the rewrite, keeping their spacing and waiting on "3.5"', () => {
    const seen: string[] = [];
    const r = new SentenceRewriter((t) => {
      seen.push(t);
      return t.toUpperCase();
    });
    assert.equal(r.push('A 3.'), '');
    assert.equal(r.push('5 second clip. Cli'), 'A 3.5 SECOND CLIP. ');
    assert.equal(r.push('ck Export!\n好的。继'), 'CLICK EXPORT!\n好的。');
    assert.equal(r.flush(), '继');
    assert.deepEqual(seen, ['A 3.5 second clip. ', 'Click Export!\n好的。', '继']);
  });

  it('streams reply text to stdout, notes to stderr, starting notes on a fresh line', () => {
    const out = new Sink();
    const err = new Sink();
    const o = new CliOutput({ stdout: out, stderr: err }, false);
    o.replyText('Making your \x1b[1mvideo. ');
    o.note('warning: low balance');
    o.replyText('Done');
    o.endReply();
    o.result({ text: 'x' }, ['Timeline (1 track): 1. Video: \x1b]0;x\x07watch (0-10s)']);
    assert.equal(out.text, 'Making your video. \nDone\nTimeline (1 track): 1. Video: watch (0-10s)\n');
    assert.equal(err.text, 'warning: low balance\n');
  });

  it('under --json puts the reply on stderr and exactly one JSON line on stdout', () => {
    const out = new Sink();
    const err = new Sink();
    const o = new CliOutput({ stdout: out, stderr: err }, true);
    o.replyText('streamed');
    o.endReply();
    o.note('note');
    o.result({ available: 100, frozen: 0, total: 100, summary: 'Title: "\x1b[1mTick\x1b[0m"' }, ['ignored']);
    assert.equal(out.text, '{"available":100,"frozen":0,"total":100,"summary":"Title: \\"Tick\\""}\n');
    assert.equal(err.text, 'streamed\nnote\n');
  });

  it('draws progress only when stderr is a terminal, and clears it before other output', () => {
    const plain = new Sink(false);
    new CliOutput({ stdout: new Sink(), stderr: plain }, false).progress('Rendering 40%');
    assert.equal(plain.text, '');

    let t = 0;
    const tty = new Sink(true);
    const o = new CliOutput({ stdout: new Sink(), stderr: tty }, false, undefined, () => t);
    o.progress('Uploading 10%');
    t += 10;
    o.progress('Uploading 11%'); // throttled
    t += 200;
    o.progress('Uploading 50%');
    o.note('Uploaded.');
    assert.equal(tty.text, '\r\x1b[2KUploading 10%\r\x1b[2KUploading 50%\r\x1b[2KUploaded.\n');
  });
});
