// Render jobs: accepted as `pending`, `processing` over renderMs with progress reported the
// progressMode way, then `completed` once both the time has passed and the MP4 exists (or `failed`,
// when a fault or the encoder says so). Status is computed when polled, so no timers outlive the
// emulator; a job's age can be moved forward (fastForward) so tests and benchmarks can run minutes
// of render time without waiting for them.

import { randomBytes } from 'node:crypto';
import type { PollShape, ResolvedOptions } from './options';
import { PENDING_SHARE, reportedProgress } from './progressModes';

export type RenderStatus = 'pending' | 'processing' | 'completed' | 'failed';

export interface RenderJob {
  id: string;
  sessionId: string;
  userId: string;
  /** The submit body exactly as received, and the draft's exact text inside it. */
  rawBody: string;
  rawDraft: string;
  createdAt: number;
  completedAt?: number;
  /** Set when the encode finished. */
  file?: { path: string; size: number };
  /** Set when the job must fail (a fault, the encoder, a cancel). */
  failure?: string;
  /** Unguessable CDN path of the output. */
  cdnPath: string;
  polls: number;
  /** Polls that said completed (for completedWithoutUrlPolls). */
  completedPolls: number;
}

export function newRenderJob(id: string, sessionId: string, userId: string, rawBody: string, rawDraft: string): RenderJob {
  return { id, sessionId, userId, rawBody, rawDraft, createdAt: Date.now(), cdnPath: `/o/${randomBytes(16).toString('hex')}/${encodeURIComponent(id)}.mp4`, polls: 0, completedPolls: 0 };
}

/** What a render's timing depends on. */
export type RenderTiming = Pick<ResolvedOptions, 'renderMs' | 'progressMode'>;
/** How a poll answer is worded. */
export type PollWording = RenderTiming & Pick<ResolvedOptions, 'pollShape' | 'pollStatus' | 'completedWithoutUrlPolls'>;

/** `progress` is undefined when the progress mode leaves the field out. */
export function statusOf(job: RenderJob, timing: RenderTiming, now = Date.now()): { status: RenderStatus; progress?: number } {
  const { renderMs } = timing;
  const elapsed = now - job.createdAt;
  const fraction = Math.min(elapsed / Math.max(1, renderMs), 0.999);
  if (job.failure && (elapsed >= renderMs / 2 || job.failure === 'cancelled')) return { status: 'failed', progress: reportedProgress(timing.progressMode, fraction) };
  if (elapsed >= renderMs && job.file) {
    job.completedAt ??= now;
    return { status: 'completed', progress: 100 };
  }
  return { status: fraction < PENDING_SHARE ? 'pending' : 'processing', progress: reportedProgress(timing.progressMode, fraction) };
}

/** Moves every unfinished job `ms` further into its render, as if that much time had passed. */
export function fastForward(jobs: Iterable<RenderJob>, ms: number): void {
  for (const job of jobs) if (job.completedAt === undefined) job.createdAt -= ms;
}

/** The poll answer in one of the three shapes seen in the wild. */
export function pollBody(job: RenderJob, wording: PollWording, cdnUrl: string): Record<string, unknown> {
  const shape: PollShape = wording.pollShape;
  const { status: actual, progress } = statusOf(job, wording);
  if (actual === 'completed') job.completedPolls += 1;
  const url = actual === 'completed' && job.completedPolls > wording.completedWithoutUrlPolls ? `${cdnUrl}${job.cdnPath}` : undefined;
  // Only a running job's status is hidden or reworded: the end must still be readable.
  const running = actual === 'pending' || actual === 'processing';
  const status = !running || wording.pollStatus === 'normal' ? actual : wording.pollStatus === 'unknown' ? 'rendering_v2' : undefined;
  const error = status === 'failed' ? job.failure : undefined;
  if (shape === 'data') {
    return {
      success: true,
      data: {
        id: job.id,
        ...(status !== undefined ? { status } : {}),
        ...(progress !== undefined ? { progress } : {}),
        outputUrl: url ?? null,
        createdAt: new Date(job.createdAt).toISOString(),
        completedAt: job.completedAt ? new Date(job.completedAt).toISOString() : null,
        ...(error ? { error } : {}),
      },
      error: null,
    };
  }
  const output = url ? (shape === 'task' ? { url, duration: (job.file ? durationSeconds(job) : 0), size: job.file?.size } : { url }) : undefined;
  return {
    success: true,
    ...(shape === 'task' ? { taskId: job.id } : { id: job.id }),
    ...(status !== undefined ? { status } : {}),
    ...(progress !== undefined ? { progress } : {}),
    ...(output ? { output } : {}),
    ...(error ? { error } : {}),
  };
}

function durationSeconds(job: RenderJob): number {
  try {
    const d = (JSON.parse(job.rawDraft) as { d?: unknown }).d;
    return typeof d === 'number' ? d / 1000 : 0;
  } catch {
    return 0;
  }
}
