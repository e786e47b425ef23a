// Order-preserving alignment of two lists (a weighted longest common subsequence): which item of
// `after` is which item of `before`. Used to tell a removed track or segment from a changed one.

export interface Aligned {
  before?: number;
  after?: number;
}

/**
 * Pairs items so the total `score` is highest, keeping order; a score ≤ 0 means "never the same item".
 * Returns every index of both lists once, in order; in a gap between two pairs, the unpaired
 * `before` items come first, then the unpaired `after` items.
 */
export function align<T>(before: readonly T[], after: readonly T[], score: (b: T, a: T) => number): Aligned[] {
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
export function alignWithReplacements<T>(before: readonly T[], after: readonly T[], score: (b: T, a: T) => number): Array<Aligned & { replaced?: true }> {
  const out: Array<Aligned & { replaced?: true }> = [];
  const aligned = align(before, after, score);
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
