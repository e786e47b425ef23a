// Summaries of repeated measurements. These machines are shared and noisy: medians and ratios
// between two things measured in the same run are what we compare, never a single sample.

export interface Spread {
  min: number;
  median: number;
  max: number;
  n: number;
}

export function spread(samples: readonly number[]): Spread {
  if (samples.length === 0) throw new Error('spread() needs at least one sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1], n: sorted.length };
}

/** The value at quantile q (0..1) of the samples, nearest rank. */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function mean(samples: readonly number[]): number {
  return samples.reduce((a, b) => a + b, 0) / samples.length;
}

/**
 * n values spread evenly over [min, max]: the midpoints of n equal slices. Standing for a uniform
 * distribution, they have its median and quantiles at any n, where n random draws (a few in a quick
 * run) can land anywhere.
 */
export function evenlySpread(min: number, max: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => min + ((i + 0.5) / n) * (max - min));
}
