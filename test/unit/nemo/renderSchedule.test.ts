import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isNemoError } from '../../../src/nemo/errors';
import { checkPollInterval, MIN_GAP_MS, nextPollDelayMs, plainPollDelayMs, type PollSeen } from '../../../src/nemo/renderSchedule';
import { PROGRESS_MODES, reportedProgress, type ProgressMode } from '../../emulator/progressModes';

/** Runs the schedule against a render of `renderMs` reporting progress in `mode`, on a simulated clock. */
function simulate(renderMs: number, mode: ProgressMode): { polls: number[]; lateMs: number } {
  const seen: PollSeen[] = [];
  const polls: number[] = [];
  let t = 0;
  for (;;) {
    t += nextPollDelayMs(seen, t);
    polls.push(t);
    if (t >= renderMs) return { polls, lateMs: t - renderMs };
    seen.push({ atMs: t, progress: reportedProgress(mode, t / renderMs) });
  }
}

/** The delays the schedule picks for answers that all say the same thing (or nothing). */
function delaysWhile(progress: number | undefined, n: number): number[] {
  const seen: PollSeen[] = [];
  const delays: number[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    const d = nextPollDelayMs(seen, t);
    delays.push(d);
    t += d;
    seen.push({ atMs: t, progress });
  }
  return delays;
}

describe('renderSchedule', () => {
  const plain = Array.from({ length: 9 }, (_, i) => plainPollDelayMs(i));

  it('the plain schedule: first poll after 5 s, then steps growing to 30 s and staying there', () => {
    assert.equal(plain[0], 5_000);
    for (let i = 1; i < plain.length; i++) assert.ok(plain[i] >= plain[i - 1], `step ${i} shrank`);
    assert.equal(plain[8], 30_000);
  });

  it('no progress field: the plain schedule', () => {
    assert.deepEqual(delaysWhile(undefined, 9), plain);
  });

  it('progress that never moves until done (0 %, or any one figure): the plain schedule, as if it said nothing', () => {
    assert.deepEqual(delaysWhile(0, 9), plain);
    assert.deepEqual(delaysWhile(5, 9), plain);
  });

  it('steady progress: once the rise is confirmed by three answers, the next poll is just after the predicted end', () => {
    // 1 % every 0.6 s: a 60 s render, the end predicted at 60 s.
    const seen = [{ atMs: 12_000, progress: 20 }, { atMs: 24_000, progress: 40 }, { atMs: 36_000, progress: 60 }];
    assert.equal(nextPollDelayMs(seen, 36_000), 24_500);
    // The same when the decision is made a little after the last answer arrived.
    assert.equal(nextPollDelayMs(seen, 37_000), 23_500);
  });

  it('a first rise, seen by two answers only, is approached rather than trusted: the end may be nearer than it says', () => {
    // 5 → 25 in 10 s predicts the end at 52.5 s; the rise may have started later than 5 s (a jump out
    // of the queue), so the next look is 70 % of the way there.
    const seen = [{ atMs: 5_000, progress: 5 }, { atMs: 15_000, progress: 25 }];
    assert.equal(nextPollDelayMs(seen, 15_000), 0.7 * 37_500);
    // Near the predicted end, it looks just after it.
    assert.equal(nextPollDelayMs([{ atMs: 5_000, progress: 5 }, { atMs: 50_000, progress: 95 }], 50_000), 3_000);
  });

  it('the pace is measured after a stall, not across it: a queue at 5 % then a steady rise', () => {
    const seen = [
      { atMs: 5_000, progress: 5 }, { atMs: 15_000, progress: 5 },
      { atMs: 25_000, progress: 30 }, { atMs: 35_000, progress: 50 }, { atMs: 45_000, progress: 70 },
    ];
    // 2 %/s from 25 s on: the end at 60 s (measured from 15 s it would be 57 s).
    assert.equal(nextPollDelayMs(seen, 45_000), 15_500);
  });

  it('stall at 90 %: once the figure stops moving, looks again after a share of the time so far, not at the failed prediction', () => {
    const rising = [{ atMs: 12_000, progress: 20 }, { atMs: 24_000, progress: 40 }, { atMs: 36_000, progress: 60 }, { atMs: 50_000, progress: 90 }];
    const stalled = [...rising, { atMs: 60_500, progress: 90 }];
    assert.equal(nextPollDelayMs(stalled, 60_500), 0.15 * 60_500);
    // The longer it stalls, the longer between looks.
    const later = [...stalled, { atMs: 69_575, progress: 90 }];
    assert.ok(nextPollDelayMs(later, 69_575) > nextPollDelayMs(stalled, 60_500));
  });

  it('jump from 10 % to 100 %: a render that moved once and then sits is treated as stalled', () => {
    const seen = [{ atMs: 5_000, progress: 5 }, { atMs: 15_000, progress: 10 }, { atMs: 25_000, progress: 10 }];
    assert.equal(nextPollDelayMs(seen, 25_000), 0.15 * 25_000);
  });

  it('never more than one poll per 2 s nor fewer than one per 30 s, whatever the answers say', () => {
    const answer = fc.record({ gapMs: fc.integer({ min: 0, max: 60_000 }), progress: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }) });
    fc.assert(fc.property(fc.array(answer, { maxLength: 12 }), fc.integer({ min: 0, max: 10_000 }), (answers, lagMs) => {
      let t = 0;
      const seen: PollSeen[] = answers.map((a) => ({ atMs: (t += a.gapMs), progress: a.progress }));
      const d = nextPollDelayMs(seen, t + lagMs);
      return d >= MIN_GAP_MS && d <= 30_000;
    }));
  });

  it('finds a steady render of 30-90 s about half a second after its end (at worst 5 s), in at most 6 polls', () => {
    const late: number[] = [];
    for (let s = 30; s <= 90; s += 0.5) {
      const { polls, lateMs } = simulate(s * 1000, 'steady');
      late.push(lateMs);
      assert.ok(lateMs <= 5_000, `${s} s render: ${lateMs} ms late`);
      assert.ok(polls.length <= 6, `${s} s render: ${polls.length} polls`);
    }
    late.sort((a, b) => a - b);
    assert.ok(late[late.length >> 1] <= 1_000, `median ${late[late.length >> 1]} ms late`);
  });

  it('with every progress pattern, finds every render of 5 s-5 min within 30 s of its end', () => {
    for (const mode of PROGRESS_MODES) {
      for (let s = 5; s <= 300; s += 7) {
        const { polls, lateMs } = simulate(s * 1000, mode);
        assert.ok(lateMs <= 30_000, `${mode}, ${s} s render: ${lateMs} ms late`);
        for (let i = 1; i < polls.length; i++) assert.ok(polls[i] - polls[i - 1] >= MIN_GAP_MS, `${mode}, ${s} s: polls ${i - 1}, ${i}`);
      }
    }
  });

  it('a fixed interval replaces the schedule, fractions of a second included', () => {
    const seen = [{ atMs: 12_000, progress: 20 }, { atMs: 24_000, progress: 40 }, { atMs: 36_000, progress: 60 }];
    fc.assert(fc.property(fc.double({ min: 1, max: 120_000, noNaN: true }), (ms) => nextPollDelayMs(seen, 36_000, ms) === ms && nextPollDelayMs([], 0, ms) === ms));
    assert.equal(nextPollDelayMs([], 0, 250), 250);
  });

  it('refuses a zero, negative or non-finite interval option', () => {
    assert.equal(checkPollInterval(undefined), undefined);
    assert.equal(checkPollInterval(500), 500);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => checkPollInterval(bad), (e) => isNemoError(e) && e.kind === 'invalid-input');
    }
  });
});
