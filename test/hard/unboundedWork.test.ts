// Defect 7: work that grew without bound. Reply text without a sentence end was rescanned whole on
// every delta (20k deltas: seconds of CPU, nothing printed); a 10k-track draft made the draft diff
// take 46 s and 1 GB; 10k-deep JSON could overflow the raw-JSON scanner's stack. No case here times
// anything: each asserts a structural fact that only a bounded implementation has (text held back
// never exceeds a bound, the number of comparisons made, a clear refusal instead of a crash).
import { strict as assert } from 'node:assert';
import { CliOutput } from '../../src/cli/output';
import { describeChanges, diffDrafts, type Draft, type Track } from '../../src/draft';
import { align } from '../../src/draft/align';
import { hard } from './ledger';
import { cliWorld } from './world';

describe('hard: long replies stream in bounded pieces', () => {
  hard('unbounded-work', '20k deltas without a sentence end are printed as they come, never all held back', () => {
    let printed = '';
    const out = new CliOutput({ stdout: { write: (s) => ((printed += s), true) }, stderr: { write: () => true } }, false, (t) => t);
    let sent = 0;
    let mostHeld = 0;
    for (let i = 0; i < 20_000; i++) {
      const delta = `word${i % 10} `;
      out.replyText(delta);
      sent += delta.length;
      mostHeld = Math.max(mostHeld, sent - printed.length);
    }
    // What is held back is bounded by the splitter's limit plus one delta, whatever the reply's
    // length; so is the text scanned again per delta: the work is linear in the reply.
    assert.ok(mostHeld <= 1100, `at most ~1000 characters held back at a time, held ${mostHeld}`);
    out.endReply();
    assert.equal(printed.replace(/\n$/, ''), Array.from({ length: 20_000 }, (_, i) => `word${i % 10} `).join(''));
  });
});

/** A draft of `n` text tracks of one segment each; `text(i)` is track i's text. */
function textTracks(n: number, text: (i: number) => string): Draft {
  const tracks: Track[] = Array.from({ length: n }, (_, i) => ({
    index: i,
    type: 7,
    kind: 'text',
    segments: [{ index: 0, start: 0, duration: 5000, text: text(i), meta: {} }],
  }));
  return { duration: 5000, tracks };
}

describe('hard: huge drafts are compared in bounded work', function () {
  this.timeout(60_000);

  hard('unbounded-work', 'one edit in a 10,000-track draft: the one change, found with a number of comparisons linear in the tracks', () => {
    const before = textTracks(10_000, (i) => `line ${i}`);
    const after = textTracks(10_000, (i) => (i === 5000 ? 'the new line' : `line ${i}`));
    const changes = diffDrafts(before, after);
    assert.deepEqual(changes.map((c) => [c.kind, c.track]), [['text-changed', 5000]]);
    assert.match(describeChanges(changes), /text "line 5000" → "the new line"/);
    // The alignment under the diff, counted: unchanged items matched off both ends are not scored.
    let scored = 0;
    const ids = (d: Draft) => d.tracks.map((t) => t.segments[0]?.text ?? '');
    align(ids(before), ids(after), (b, a) => (scored++, b === a ? 1 : 0), { unchanged: (b, a) => b === a });
    assert.ok(scored <= 2, `only the changed middle is scored (scored ${scored} pairs)`);
  });

  hard('unbounded-work', 'every track of a 10,000-track draft changed: said to be too large to compare one by one', () => {
    const before = textTracks(10_000, (i) => `line ${i}`);
    const after = textTracks(10_000, (i) => `line ${i}, edited`);
    const changes = diffDrafts(before, after);
    assert.deepEqual(changes.map((c) => c.kind), ['too-large']);
    assert.equal(describeChanges(changes), 'Changed: too many tracks and segments to compare one by one (10000 tracks, 10000 segments).');
  });
});

describe('hard: deep JSON from the service (CLI)', function () {
  this.timeout(60_000);
  const w = cliWorld();

  hard('unbounded-work', 'a state nested 10,000 levels deep is refused in words: no stack overflow, no stack trace', async () => {
    assert.equal((await w.run(['chat', 'make a 5-second video of a lighthouse'])).code, 0);
    // Written as text: JSON.stringify itself overflows at this depth.
    const deep = `${'['.repeat(10_000)}1${']'.repeat(10_000)}`;
    const text = `{"code":0,"message":"ok","data":{"state":{"draft":{"tracks":${deep}}}}}`;
    w.emu.faults.add({ method: 'GET', path: /^\/api\/state\//, times: 3, fault: { kind: 'status', status: 200, text } });
    const r = await w.run(['status']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /nested deeper than 1000 levels/);
    assert.doesNotMatch(r.stderr, /RangeError|Maximum call stack|\n\s+at /);
  });
});
