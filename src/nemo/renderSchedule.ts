// When to poll a render. The contract says "poll every 30 s" and renders take 30-90 s: waiting 30 s
// for the first answer would make every export feel slow, polling every second would hammer the
// backend. So: first poll after 5 s, then steps that grow to 30 s. Every step is at least 5 s, so
// there are never more than 2 polls in any 10 s.
import * as l10n from '@vscode/l10n';
import { NemoError } from './errors';

/** Delays before poll 0, 1, 2, ...; the last one repeats. */
const DEFAULT_STEPS_MS: readonly number[] = [5_000, 5_000, 7_500, 10_000, 15_000, 20_000, 30_000];

/**
 * Milliseconds to wait before poll number `pollIndex` (0 = the first poll after submitting).
 * `fixedIntervalMs` (the poll-interval option; fractions of a second allowed) replaces the schedule.
 */
export function renderPollDelayMs(pollIndex: number, fixedIntervalMs?: number): number {
  if (fixedIntervalMs !== undefined) return fixedIntervalMs;
  const i = Math.max(0, Math.floor(pollIndex));
  return DEFAULT_STEPS_MS[Math.min(i, DEFAULT_STEPS_MS.length - 1)];
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
