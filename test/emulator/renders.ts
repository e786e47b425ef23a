// Render jobs: accepted as `pending`, `processing` with growing progress over renderMs, then
// `completed` once both the time has passed and the MP4 exists (or `failed`, when a fault or the
// encoder says so). Status is computed when polled, so no timers outlive the emulator.

import { randomBytes } from 'node:crypto';
import type { PollShape } from './options';

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

export function statusOf(job: RenderJob, renderMs: number, now = Date.now()): { status: RenderStatus; progress: number } {
  const elapsed = now - job.createdAt;
  if (job.failure && (elapsed >= renderMs / 2 || job.failure === 'cancelled')) return { status: 'failed', progress: Math.min(95, Math.round((elapsed / renderMs) * 100)) };
  if (elapsed < renderMs * 0.2) return { status: 'pending', progress: 5 };
  if (elapsed >= renderMs && job.file) {
    job.completedAt ??= now;
    return { status: 'completed', progress: 100 };
  }
  return { status: 'processing', progress: Math.min(95, Math.max(10, Math.round((elapsed / renderMs) * 100))) };
}

/** The poll answer in one of the three shapes seen in the wild. */
export function pollBody(job: RenderJob, shape: PollShape, renderMs: number, cdnUrl: string): Record<string, unknown> {
  const { status, progress } = statusOf(job, renderMs);
  const url = status === 'completed' ? `${cdnUrl}${job.cdnPath}` : undefined;
  const error = status === 'failed' ? job.failure : undefined;
  if (shape === 'data') {
    return {
      success: true,
      data: {
        id: job.id,
        status,
        progress,
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
    progress,
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
