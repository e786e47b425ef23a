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
}

export function newRenderJob(id: string, sessionId: string, userId: string, rawBody: string, rawDraft: string): RenderJob {
  return { id, sessionId, userId, rawBody, rawDraft, createdAt: Date.now(), cdnPath: `/o/${randomBytes(16).toString('hex')}/${encodeURIComponent(id)}.mp4`, polls: 0 };
}

/** What a render's timing depends on. */
export type RenderTiming = Pick<ResolvedOptions, 'renderMs' | 'progressMode'>;

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
export function pollBody(job: RenderJob, shape: PollShape, timing: RenderTiming, cdnUrl: string): Record<string, unknown> {
  const { status, progress } = statusOf(job, timing);
  const url = status === 'completed' ? `${cdnUrl}${job.cdnPath}` : undefined;
  const error = status === 'failed' ? job.failure : undefined;
  if (shape === 'data') {
    return {
      success: true,
      data: {
        id: job.id,
        status,
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
    status,
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
