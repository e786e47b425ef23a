// What every benchmark hands back: figures, each ours next to a reference measured in the same run.
import type { Spread } from './stats';

export interface Figure {
  /** Short id, e.g. "sse.nemo.time". */
  id: string;
  label: string;
  unit: string;
  ours: Spread;
  /** What we compare against, and its measurements (absent for absolute figures like a size). */
  reference?: { label: string; spread: Spread };
  /** Median of ours / median of the reference. */
  ratio?: number;
  /** Human-readable target and whether this run met it (informational: nothing fails on it). */
  target?: { text: string; met: boolean };
  /** Anything else worth keeping in the JSON (counts, bytes, per-sample data). */
  notes?: Record<string, number | string | boolean>;
}

export interface BenchContext {
  quick: boolean;
  /** Progress lines for the person watching (stderr, so stdout stays the table). */
  log(line: string): void;
}

export interface Benchmark {
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<Figure[]>;
}

/** A figure comparing two sets of samples by their medians. */
export function compared(
  base: Omit<Figure, 'ours' | 'reference' | 'ratio'>,
  ours: Spread,
  referenceLabel: string,
  reference: Spread,
): Figure {
  return { ...base, ours, reference: { label: referenceLabel, spread: reference }, ratio: ours.median / reference.median };
}
