import assert from 'node:assert/strict';
import fc from 'fast-check';
import { align, alignWithReplacements } from '../../../src/draft/align';

const same = (x: string, y: string) => (x === y ? 1 : 0);

describe('align', () => {
  it('pairs the longest common subsequence and lists removals before additions in a gap', () => {
    assert.deepEqual(align(['a', 'b', 'c'], ['a', 'x', 'c'], same), [{ before: 0, after: 0 }, { before: 1 }, { after: 1 }, { before: 2, after: 2 }]);
  });

  it('prefers the pairing with the higher total score', () => {
    // 'b' could pair with either 'b?'; the better-scored second one wins.
    const score = (x: string, y: string) => (x[0] === y[0] ? (x === y ? 2 : 1) : 0);
    assert.deepEqual(align(['b'], ['b1', 'b'], score), [{ after: 0 }, { before: 0, after: 1 }]);
  });

  it('alignWithReplacements pairs what sits at the same place in a gap', () => {
    assert.deepEqual(alignWithReplacements(['a', 'b', 'c'], ['a', 'x', 'y', 'c'], same), [
      { before: 0, after: 0 },
      { before: 1, after: 1, replaced: true },
      { after: 2 },
      { before: 2, after: 3 },
    ]);
  });

  it('lists every index of both sides once, in order (property)', () => {
    const list = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 12 });
    fc.assert(
      fc.property(list, list, (before, after) => {
        for (const out of [align(before, after, same), alignWithReplacements(before, after, same)]) {
          const b = out.flatMap((p) => (p.before === undefined ? [] : [p.before]));
          const a = out.flatMap((p) => (p.after === undefined ? [] : [p.after]));
          assert.deepEqual(b, before.map((_, i) => i));
          assert.deepEqual(a, after.map((_, i) => i));
        }
        const pairs = align(before, after, same).filter((p) => p.before !== undefined && p.after !== undefined);
        for (const p of pairs) assert.equal(before[p.before!], after[p.after!]);
      }),
      { numRuns: 300 },
    );
  });
});
