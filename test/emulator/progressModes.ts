// How a running render reports `progress`, as a function of how far along it really is. Real render
// services are uneven: some stall near the end (muxing, the upload to the CDN), some report one early
// figure and then nothing until done, some never say anything. The emulator answers polls with these
// and the export-latency benchmark simulates the same functions, so both see the same patterns.

export const PROGRESS_MODES = ['steady', 'stall90', 'jump', 'frozen', 'none'] as const;
export type ProgressMode = (typeof PROGRESS_MODES)[number];

/** Share of the render time spent queued (`pending`) before any work starts. */
export const PENDING_SHARE = 0.2;
/** stall90: the share of the render time at which progress reaches 90 % and stops moving. */
const STALL_AT_SHARE = 0.6;

/**
 * The progress a poll reports `fraction` (elapsed / render time, 0 ≤ fraction < 1) into a render that
 * has not completed; undefined means the answer carries no progress field at all.
 * - steady: 5 while queued, then in step with time (never below 10 nor above 95);
 * - stall90: as steady up to 90 % at 60 % of the time, then 90 until done;
 * - jump: 5 while queued, then 10 until done (it jumps from 10 to 100);
 * - frozen: 0 until done;
 * - none: no progress field.
 */
export function reportedProgress(mode: ProgressMode, fraction: number): number | undefined {
  const pending = fraction < PENDING_SHARE;
  switch (mode) {
    case 'steady':
      return pending ? 5 : Math.min(95, Math.max(10, Math.round(fraction * 100)));
    case 'stall90':
      return pending ? 5 : Math.min(90, Math.max(10, Math.round((fraction / STALL_AT_SHARE) * 90)));
    case 'jump':
      return pending ? 5 : 10;
    case 'frozen':
      return 0;
    case 'none':
      return undefined;
  }
}
