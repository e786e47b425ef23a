import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isNemoError } from '../../../src/nemo/errors';
import { checkPollInterval, MIN_GAP_MS, nextPollDelayMs, type PollSeen } from '../../../src/nemo/renderSchedule';
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

/** The prior looks, seconds after submitting: where a render whose progress says nothing is polled. */
const LOOKS_S = [20, 40, 53, 64, 74, 82, 89];

/** Poll instants (seconds after submitting) from the waits asked, each poll taking no time. */
function instants(delays: readonly number[]): number[] {
  let t = 0;
  return delays.map((d) => Math.round((t += d) / 100) / 10);
}

describe('renderSchedule', () => {
  it('progress saying nothing: looks at 20 s and 40 s, then closer together up to the end of the contract\'s 30-90 s, then further apart again', () => {
    const at = instants(delaysWhile(undefined, 11));
    assert.deepEqual(at.slice(0, LOOKS_S.length), LOOKS_S);
    const gaps = at.map((t, i) => Math.round((t - (at[i - 1] ?? 0)) * 10) / 10);
    // Inside the contract's window each gap is shorter than the one before: the end gets likelier.
    for (let i = 2; i < LOOKS_S.length; i++) assert.ok(gaps[i] < gaps[i - 1], `gap ${i}: ${gaps.join(', ')}`);
    // Past it the render is longer than the contract says: a fifth of the time so far, up to 30 s.
    assert.equal(gaps[LOOKS_S.length], 17.8);
    for (let i = LOOKS_S.length + 1; i < gaps.length; i++) assert.ok(gaps[i] > gaps[i - 1] || gaps[i] === 30, `gap ${i}: ${gaps.join(', ')}`);
    assert.equal(nextPollDelayMs([], 1_000_000), 30_000);
  });

  it('progress that never moves (0 %, or any one figure): the same looks as no progress field', () => {
    const none = delaysWhile(undefined, 11);
    assert.deepEqual(delaysWhile(0, 11), none);
    assert.deepEqual(delaysWhile(5, 11), none);
  });

  it('the looks follow the clock, not the count of polls: a job resumed 45 s after its submit is next looked at 53 s', () => {
    assert.equal(nextPollDelayMs([], 45_000), 8_000);
    // A look due within 5 s is skipped (the poll just made says as much): at 60 s the next is 74 s, not 64 s.
    assert.equal(nextPollDelayMs([{ atMs: 60_000 }], 60_000), 14_000);
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

  it('stall at 90 %: once the figure stops moving, the failed prediction is dropped for the prior looks', () => {
    const rising = [{ atMs: 12_000, progress: 20 }, { atMs: 24_000, progress: 40 }, { atMs: 36_000, progress: 60 }, { atMs: 50_000, progress: 90 }];
    // Still rising (40 → 90 in 26 s): just after the end that pace predicts, 55.2 s.
    assert.equal(Math.round(nextPollDelayMs(rising, 50_000)), 5_700);
    // At 55.7 s it still says 90: the next look is the prior's at 64 s, and the one after at 74 s.
    const stalled = [...rising, { atMs: 55_700, progress: 90 }];
    assert.equal(Math.round(nextPollDelayMs(stalled, 55_700)), 8_300);
    assert.equal(nextPollDelayMs([...stalled, { atMs: 64_000, progress: 90 }], 64_000), 10_000);
  });

  it('jump from 10 % to 100 %: a figure that moved once and then sits gets the prior looks', () => {
    const seen = [{ atMs: 20_000, progress: 5 }, { atMs: 40_000, progress: 10 }, { atMs: 53_000, progress: 10 }];
    assert.equal(nextPollDelayMs(seen, 53_000), 11_000);
    // Right after the move (two answers, one step) the step is read as a pace, approached, not trusted.
    assert.equal(nextPollDelayMs(seen.slice(0, 2), 40_000), 30_000);
  });

  it('a slow render\'s predicted end is looked at half a percent\'s time after it: whole-percent figures put the end up to that far off', () => {
    // 0.25 %/s (a 400 s render): 4 s per percent, so 2 s after the end predicted at 400 s.
    const seen = [{ atMs: 320_000, progress: 80 }, { atMs: 360_000, progress: 90 }, { atMs: 380_000, progress: 95 }];
    assert.equal(nextPollDelayMs(seen, 380_000), 22_000);
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

  it('finds a steady render of 30-90 s about half a second after its end (at worst 6 s from 40 s on), in at most 6 polls', () => {
    const late: number[] = [];
    for (let s = 30; s <= 90; s += 0.5) {
      const { polls, lateMs } = simulate(s * 1000, 'steady');
      late.push(lateMs);
      // Under 40 s the render may end before a second figure makes a pace: the 40 s look finds it.
      // Later, the worst is a poll just before the end that reads the emulator's cap of 95 %.
      assert.ok(lateMs <= (s < 40 ? 10_000 : 6_000), `${s} s render: ${lateMs} ms late`);
      assert.ok(polls.length <= 6, `${s} s render: ${polls.length} polls`);
    }
    late.sort((a, b) => a - b);
    assert.ok(late[late.length >> 1] <= 1_000, `median ${late[late.length >> 1]} ms late`);
  });

  it('progress saying nothing (no field, frozen, a jump that sits, a stall): a render of 30-89 s is found within 13 s of its end, in at most 8 polls', () => {
    for (const mode of ['none', 'frozen', 'jump', 'stall90'] as const) {
      for (let s = 30; s <= 89; s += 0.5) {
        const { polls, lateMs } = simulate(s * 1000, mode);
        assert.ok(lateMs <= 13_000, `${mode}, ${s} s render: ${lateMs} ms late`);
        assert.ok(polls.length <= 8, `${mode}, ${s} s render: ${polls.length} polls`);
      }
    }
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
