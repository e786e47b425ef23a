// When to poll a render. The contract says "poll every 30 s" and renders take 30-90 s: a fixed 30 s
// step leaves the finished file waiting 15 s on average, polling every second hammers the backend.
// The poll answers carry `progress` (0-100), so when progress moves, its rate since it started
// moving predicts when the render ends, and the next poll goes just after that (or, while the end is
// still far, part of the way there, to check the prediction). When progress says nothing (no field,
// a value that never changes, or one that moved and then stopped), only the time since submitting is
// left, and the contract's render times say when to look: the prior looks below.
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
/**
 * When to look (ms after submitting) while progress says nothing. An early look at 20 s (a render
 * shorter than the contract says, and a first progress figure), one at 40 s, then looks that come
 * closer together as the end of the contract's 30-90 s nears and becomes more likely: for an end
 * equally likely anywhere in a window, the gaps that minimise the expected wait plus a price per poll
 * each shrink by the same step (here from 13 s down to 7 s). Tuned on the benchmark's renders of
 * 30-90 s (bench/exportLatency.ts): about the shortest wait for which the polls, median and mean,
 * stay within twice fixed 30 s polling's in every progress pattern; one more look breaks that.
 */
const PRIOR_LOOKS_MS: readonly number[] = [20_000, 40_000, 53_000, 64_000, 74_000, 82_000, 89_000];
/** A prior look sooner than this is skipped: the poll just made (a failed prediction's) says as much. */
const LOOK_SKIP_MS = 5_000;
/** Past the last prior look the render is longer than the contract says: look again after this share of the time so far. */
const PAST_PRIOR_SHARE = 0.2;
/** A predicted end closer than this is looked at directly; a farther one is approached first. */
const NEAR_MS = 8_000;
/** Share of a far predicted wait after which the prediction is checked by one more poll. */
const APPROACH_SHARE = 0.7;
/**
 * How long after the predicted end to look, at least: late enough that an accurate prediction finds
 * it done. For a slow render it is half a percent's time instead: whole-percent figures put the end
 * up to that far off.
 */
const AFTER_END_MS = 500;

/**
 * The prior looks: milliseconds from `nowMs` (after submitting) to the next one. Driven by the clock,
 * not by the count of polls, so a resumed job or a stall noticed late joins the schedule where it is.
 */
function priorLookDelayMs(nowMs: number): number {
  const next = PRIOR_LOOKS_MS.find((at) => at >= nowMs + LOOK_SKIP_MS);
  return next !== undefined ? next - nowMs : nowMs * PAST_PRIOR_SHARE;
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
  if (trend === undefined) {
    delay = priorLookDelayMs(nowMs);
  } else {
    const remaining = trend.endMs - nowMs;
    delay = remaining > NEAR_MS && !trend.confirmed ? remaining * APPROACH_SHARE : remaining + Math.max(AFTER_END_MS, trend.msPerPoint / 2);
  }
  return Math.min(MAX_GAP_MS, Math.max(MIN_GAP_MS, delay));
}

/** A rise in progress: the end its pace predicts, and the pace (ms per percent). */
interface Trend {
  endMs: number;
  msPerPoint: number;
  /** The pace was measured over a steady rise, not across its first step. */
  confirmed: boolean;
}

/**
 * Reads the answers' progress; undefined when it says nothing about the end: no field, a figure that
 * has never changed, or one that rose and then stopped (a stall, or a jump to a figure that sits:
 * the pace before it no longer holds, so only the clock is left). The rate comes from the latest run
 * of answers in which progress rose at every step (a stall or a jump before it says nothing about
 * the pace now), from its first answer to its last, so the longer the run the less the whole-percent
 * rounding matters.
 */
function progressTrend(seen: readonly PollSeen[]): Trend | undefined {
  const known = seen.filter((s): s is Required<PollSeen> => s.progress !== undefined);
  if (known.length < 2) return undefined;
  const last = known[known.length - 1];
  let first = known.length - 1;
  while (first > 0 && known[first - 1].progress < known[first].progress) first--;
  if (first === known.length - 1) return undefined;
  // The run's first step may hide a stall or a jump (the figure had sat still for a while before
  // it): with three answers or more, the pace is measured from the second one on.
  const confirmed = known.length - first >= 3;
  const start = known[confirmed ? first + 1 : first];
  const rate = (last.progress - start.progress) / (last.atMs - start.atMs);
  if (!(rate > 0) || last.progress >= 100) return undefined;
  return { endMs: last.atMs + (100 - last.progress) / rate, msPerPoint: 1 / rate, confirmed };
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
