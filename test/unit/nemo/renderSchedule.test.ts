import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isNemoError } from '../../../src/nemo/errors';
import { checkPollInterval, renderPollDelayMs } from '../../../src/nemo/renderSchedule';

describe('renderSchedule', () => {
  const delays = (n: number) => Array.from({ length: n }, (_, i) => renderPollDelayMs(i));

  it('first poll after 5 s, then steps growing to 30 s and staying there', () => {
    const d = delays(12);
    assert.equal(d[0], 5_000);
    for (let i = 1; i < d.length; i++) assert.ok(d[i] >= d[i - 1], `step ${i} shrank`);
    assert.equal(Math.max(...d), 30_000);
    assert.equal(d[11], 30_000);
  });

  it('never more than 2 polls in any 10 s window', () => {
    // Poll times are the running sums of the delays; any 3 consecutive polls span ≥ 10 s.
    const d = delays(50);
    const times = d.map((_, i) => d.slice(0, i + 1).reduce((a, b) => a + b, 0));
    for (let i = 2; i < times.length; i++) assert.ok(times[i] - times[i - 2] >= 10_000, `polls ${i - 2}..${i}`);
  });

  it('a fixed interval replaces the schedule, fractions of a second included', () => {
    fc.assert(fc.property(fc.nat(1000), fc.double({ min: 1, max: 120_000, noNaN: true }), (i, ms) => renderPollDelayMs(i, ms) === ms));
    assert.equal(renderPollDelayMs(0, 250), 250);
  });

  it('refuses a zero, negative or non-finite interval option', () => {
    assert.equal(checkPollInterval(undefined), undefined);
    assert.equal(checkPollInterval(500), 500);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => checkPollInterval(bad), (e) => isNemoError(e) && e.kind === 'invalid-input');
    }
  });
});
