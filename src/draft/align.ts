// Order-preserving alignment of two lists (a weighted longest common subsequence): which item of
// `after` is which item of `before`. Used to tell a removed track or segment from a changed one.
//
// The full alignment is quadratic in time and memory, so unchanged items are matched off both ends
// first (a turn usually changes a few tracks of many), and what is left is compared only within a
// budget shared by one whole comparison: past it, `TooLargeToCompare` is thrown, never a long stall.

export interface Aligned {
  before?: number;
  after?: number;
}

/** The comparisons one whole comparison (two drafts) may make; spent by every align() it runs. */
export class CompareBudget {
  constructor(private left: number) {}
  spend(comparisons: number): void {
    this.left -= comparisons;
    if (this.left < 0) throw new TooLargeToCompare();
  }
}

export class TooLargeToCompare extends Error {
  constructor() {
    super('too large to compare');
    this.name = 'TooLargeToCompare';
  }
}

export interface AlignOptions<T> {
  /**
   * Items certainly the same and unchanged, matched off both ends before the full alignment. Must
   * hold only for pairs no other pairing of either item scores higher (then the result is the same).
   */
  unchanged?: (b: T, a: T) => boolean;
  budget?: CompareBudget;
}

/**
 * Pairs items so the total `score` is highest, keeping order; a score ≤ 0 means "never the same item".
 * Returns every index of both lists once, in order; in a gap between two pairs, the unpaired
 * `before` items come first, then the unpaired `after` items.
 */
export function align<T>(before: readonly T[], after: readonly T[], score: (b: T, a: T) => number, opts: AlignOptions<T> = {}): Aligned[] {
  let head = 0;
  let tail = 0;
  const { unchanged, budget } = opts;
  if (unchanged) {
    const most = Math.min(before.length, after.length);
    while (head < most && unchanged(before[head] as T, after[head] as T)) head++;
    while (tail < most - head && unchanged(before[before.length - 1 - tail] as T, after[after.length - 1 - tail] as T)) tail++;
  }
  const n = before.length - head - tail;
  const m = after.length - head - tail;
  budget?.spend(head + tail + n * m);
  const out: Aligned[] = [];
  for (let k = 0; k < head; k++) out.push({ before: k, after: k });
  for (const p of alignWhole(before.slice(head, head + n), after.slice(head, head + m), score)) {
    out.push({ ...(p.before !== undefined && { before: p.before + head }), ...(p.after !== undefined && { after: p.after + head }) });
  }
  for (let k = tail; k > 0; k--) out.push({ before: before.length - k, after: after.length - k });
  return out;
}

/** The full weighted LCS: (n+1)·(m+1) totals. */
function alignWhole<T>(before: readonly T[], after: readonly T[], score: (b: T, a: T) => number): Aligned[] {
  const n = before.length;
  const m = after.length;
  const w = m + 1;
  // best[i * w + j]: the highest total for before[i..] and after[j..].
  const best = new Float64Array((n + 1) * w);
  const pairScore = (i: number, j: number) => score(before[i] as T, after[j] as T);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const s = pairScore(i, j);
      const skip = Math.max(best[(i + 1) * w + j] as number, best[i * w + j + 1] as number);
      best[i * w + j] = s > 0 ? Math.max(skip, s + (best[(i + 1) * w + j + 1] as number)) : skip;
    }
  }
  const out: Aligned[] = [];
  let gapBefore: Aligned[] = [];
  let gapAfter: Aligned[] = [];
  const closeGap = () => {
    out.push(...gapBefore, ...gapAfter);
    gapBefore = [];
    gapAfter = [];
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m) {
      const s = pairScore(i, j);
      const here = best[i * w + j] as number;
      if (s > 0 && here === s + (best[(i + 1) * w + j + 1] as number)) {
        closeGap();
        out.push({ before: i++, after: j++ });
      } else if (here === best[(i + 1) * w + j]) {
        gapBefore.push({ before: i++ });
      } else {
        gapAfter.push({ after: j++ });
      }
    } else if (i < n) {
      gapBefore.push({ before: i++ });
    } else {
      gapAfter.push({ after: j++ });
    }
  }
  closeGap();
  return out;
}

/**
 * Like align(), but inside each gap the k-th unpaired `before` item is paired with the k-th unpaired
 * `after` item: what sits at the same place in the gap is taken as a replacement, not a removal
 * plus an addition. Pairs made this way are marked `replaced`.
 */
export function alignWithReplacements<T>(before: readonly T[], after: readonly T[], score: (b: T, a: T) => number, opts: AlignOptions<T> = {}): Array<Aligned & { replaced?: true }> {
  const out: Array<Aligned & { replaced?: true }> = [];
  const aligned = align(before, after, score, opts);
  let k = 0;
  while (k < aligned.length) {
    const item = aligned[k] as Aligned;
    if (item.before !== undefined && item.after !== undefined) {
      out.push(item);
      k++;
      continue;
    }
    const removed: number[] = [];
    const added: number[] = [];
    while (k < aligned.length) {
      const g = aligned[k] as Aligned;
      if (g.before !== undefined && g.after !== undefined) break;
      if (g.before !== undefined) removed.push(g.before);
      else if (g.after !== undefined) added.push(g.after);
      k++;
    }
    const pairs = Math.min(removed.length, added.length);
    for (let p = 0; p < pairs; p++) out.push({ before: removed[p], after: added[p], replaced: true });
    out.push(...removed.slice(pairs).map((b) => ({ before: b })), ...added.slice(pairs).map((a) => ({ after: a })));
  }
  return out;
}
