// When to poll a render. The contract says "poll every 30 s" and renders take 30-90 s: a fixed 30 s
// step leaves the finished file waiting 15 s on average, polling every second hammers the backend.
// The poll answers carry `progress` (0-100), so when progress moves, its rate since it started
// moving predicts when the render ends, and the next poll goes just after that (or, while the end is
// still far, part of the way there, to check the prediction). When progress says nothing (no field,
// not moving yet, a value that never changes), the plain schedule: 5 s, then steps growing to 30 s.
// Whatever the prediction, polls are at least MIN_GAP_MS apart and at most MAX_GAP_MS.
import * as l10n from '@vscode/l10n';
import { NemoError } from './errors';

/** What one poll answer said, `atMs` after the job was submitted. */
export interface PollSeen {
  atMs: number;
  /** 0-100; undefined when the answer had no progress field. */
  progress?: number;
}

/** Never more than one poll per this long, whatever progress predicts. */
export const MIN_GAP_MS = 2_000;
/** Never longer between polls than the contract's interval. */
const MAX_GAP_MS = 30_000;
/** Delays before poll 0, 1, 2, ... when progress says nothing; the last one repeats. */
const PLAIN_STEPS_MS: readonly number[] = [5_000, 10_000, 10_000, 15_000, 20_000, 30_000];
/** A predicted end closer than this is looked at directly; a farther one is approached first. */
const NEAR_MS = 8_000;
/** Share of a far predicted wait after which the prediction is checked by one more poll. */
const APPROACH_SHARE = 0.7;
/** How long after the predicted end to look: late enough that an accurate prediction finds it done. */
const AFTER_END_MS = 500;
/** Once progress has moved and then stops, the next look is this share of the time since submit. */
const STALL_SHARE = 0.15;

/** The plain schedule: milliseconds before poll number `pollIndex` (0 = the first after submitting). */
export function plainPollDelayMs(pollIndex: number): number {
  const i = Math.max(0, Math.floor(pollIndex));
  return PLAIN_STEPS_MS[Math.min(i, PLAIN_STEPS_MS.length - 1)];
}

/**
 * Milliseconds to wait, at `nowMs` after submitting, before the next poll, given every answer so far
 * in order. `fixedIntervalMs` (the poll-interval option; fractions of a second allowed) replaces the
 * schedule altogether.
 */
export function nextPollDelayMs(seen: readonly PollSeen[], nowMs: number, fixedIntervalMs?: number): number {
  if (fixedIntervalMs !== undefined) return fixedIntervalMs;
  const trend = progressTrend(seen);
  let delay: number;
  if (trend.kind === 'moving') {
    const remaining = trend.endMs - nowMs;
    delay = remaining > NEAR_MS && !trend.confirmed ? remaining * APPROACH_SHARE : remaining + AFTER_END_MS;
  } else if (trend.kind === 'stalled') {
    delay = nowMs * STALL_SHARE;
  } else {
    delay = plainPollDelayMs(seen.length);
  }
  return Math.min(MAX_GAP_MS, Math.max(MIN_GAP_MS, delay));
}

type Trend =
  /** `confirmed`: the pace was measured over a steady rise, not across its first step. */
  | { kind: 'moving'; endMs: number; confirmed: boolean }
  /** It moved once, and the latest answers show the same figure: an end we cannot predict. */
  | { kind: 'stalled' }
  /** No progress field, or a figure that has never changed. */
  | { kind: 'silent' };

/**
 * Reads the answers' progress. The rate comes from the latest run of answers in which progress rose
 * at every step (a stall or a jump before it says nothing about the pace now), from its first answer
 * to its last, so the longer the run the less the whole-percent rounding matters.
 */
function progressTrend(seen: readonly PollSeen[]): Trend {
  const known = seen.filter((s): s is Required<PollSeen> => s.progress !== undefined);
  if (known.length < 2) return { kind: 'silent' };
  const last = known[known.length - 1];
  let first = known.length - 1;
  while (first > 0 && known[first - 1].progress < known[first].progress) first--;
  if (first === known.length - 1) {
    const everMoved = known.some((s) => s.progress !== known[0].progress);
    return everMoved ? { kind: 'stalled' } : { kind: 'silent' };
  }
  // The run's first step may hide a stall or a jump (the figure had sat still for a while before
  // it): with three answers or more, the pace is measured from the second one on.
  const confirmed = known.length - first >= 3;
  const start = known[confirmed ? first + 1 : first];
  const rate = (last.progress - start.progress) / (last.atMs - start.atMs);
  if (!(rate > 0) || last.progress >= 100) return { kind: 'silent' };
  return { kind: 'moving', endMs: last.atMs + (100 - last.progress) / rate, confirmed };
}

/** Validates a poll-interval option (from a setting or a command line) before anything starts. */
export function checkPollInterval(intervalMs: number | undefined): number | undefined {
  if (intervalMs === undefined) return undefined;
  if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
    throw new NemoError('invalid-input', l10n.t('The poll interval must be a positive number of seconds.'),
      { details: { intervalMs } });
  }
  return intervalMs;
}
