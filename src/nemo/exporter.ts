// Export: read the state, submit the raw draft, poll, download. A render job outlives the client
// (the editor may close while the backend renders), so as soon as the job exists it is handed to
// `onSubmitted` as a PendingRender the caller persists; `resumeExport` picks it up again later.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as l10n from '@vscode/l10n';
import { drawable, isExportReady } from '../draft/model';
import { removeLeftoverParts } from './atomicFile';
import { abortedError } from './auth';
import { downloadRenderOutput } from './download';
import { NemoError, isAbort, isNemoError } from './errors';
import { isPlainFileName, videoFileName } from './fileNames';
import { cancelRender, submitRender, waitForRender } from './renders';
import { checkPollInterval } from './renderSchedule';
import { getState } from './state';
import type { Sleep, Transport } from './transport';

/** A submitted render, enough to resume it after a restart. JSON-safe. */
export interface PendingRender {
  renderId: string;
  sessionId: string;
  /** ISO-8601. */
  submittedAt: string;
  outDir: string;
  /** A bare name made by fileNames.ts (never a path). */
  fileName: string;
}

export type ExportStageName = 'reading' | 'queued' | 'rendering' | 'downloading' | 'done';

export interface ExportStage {
  stage: ExportStageName;
  /** Render progress, 0-100 ('rendering'). */
  progress?: number;
  /** Bytes downloaded and the total when known ('downloading', 'done'). */
  bytes?: number;
  total?: number;
  /** Since the export started (or, when resumed, since the job was submitted). */
  elapsedMs: number;
  /** ('rendering') The last poll failed (connection, 5xx, 429): the render may still run, polling goes on. */
  reconnecting?: boolean;
}

export interface ExportResult {
  /** Absolute path of the finished MP4. */
  file: string;
  bytes: number;
  renderId: string;
}

interface ProgressOptions {
  onStage?: (stage: ExportStage) => void;
  signal?: AbortSignal;
  /** Fixed poll interval; the growing default schedule otherwise. */
  intervalMs?: number;
  sleep?: Sleep;
}

export interface ExportOptions extends ProgressOptions {
  outDir: string;
  /** Text the file name is made from (the prompt, say); the draft's title otherwise. */
  baseName?: string;
  onSubmitted?: (job: PendingRender) => void;
}

export interface ResumeOptions extends ProgressOptions {
  /** Overrides the job's outDir. */
  outDir?: string;
}

export async function exportVideo(t: Transport, sessionId: string, opts: ExportOptions): Promise<ExportResult> {
  const started = Date.now();
  const stage = stageReporter(opts.onStage, started);
  checkPollInterval(opts.intervalMs);
  const outDir = resolve(opts.outDir);

  stage({ stage: 'reading' });
  const state = await getState(t, sessionId, opts.signal);
  const rawDraft = state.rawDraft;
  const draft = state.draft;
  // A draft this version cannot read still exports: its raw text goes to the server untouched.
  if (rawDraft === undefined || !isExportReady(draft)) {
    throw new NemoError('invalid-input', l10n.t('There is nothing to export yet: the timeline has no clips. Generate or add some first.'),
      { details: { sessionId, reason: 'not-export-ready' } });
  }
  const fileName = videoFileName(opts.baseName ?? drawable(draft)?.title);
  await mkdir(outDir, { recursive: true });

  let renderId: string;
  try {
    renderId = await submitRender(t, sessionId, rawDraft, { signal: opts.signal });
  } catch (e) {
    // The answer was lost but the job may exist under our id: keep it resumable, then cancel it if
    // the user was the one who stopped.
    const lostId = isNemoError(e) && e.details.mayBeRunning === true ? String(e.details.renderId) : undefined;
    if (lostId !== undefined) {
      opts.onSubmitted?.({ renderId: lostId, sessionId, submittedAt: new Date(started).toISOString(), outDir, fileName });
      if (isAbort(e)) await cancelQuietly(t, lostId);
    }
    throw e;
  }
  const job: PendingRender = { renderId, sessionId, submittedAt: new Date().toISOString(), outDir, fileName };
  opts.onSubmitted?.(job);
  return finish(t, job, outDir, opts, stage);
}

/** Continues a stored job: polls it and downloads the result. */
export async function resumeExport(t: Transport, job: PendingRender, opts: ResumeOptions = {}): Promise<ExportResult> {
  checkPollInterval(opts.intervalMs);
  if (!isPlainFileName(job.fileName) || typeof job.renderId !== 'string' || job.renderId === '') {
    throw new NemoError('invalid-input', l10n.t('The stored export job is damaged and cannot be resumed.'));
  }
  const submitted = Date.parse(job.submittedAt);
  const stage = stageReporter(opts.onStage, Number.isFinite(submitted) ? submitted : Date.now());
  const outDir = resolve(opts.outDir ?? job.outDir);
  await mkdir(outDir, { recursive: true });
  await removeLeftoverParts(outDir, job.fileName);
  return finish(t, job, outDir, opts, stage);
}


/** Poll + download. Aborting while the render runs cancels the job: nobody will fetch its output. */
async function finish(t: Transport, job: PendingRender, outDir: string, opts: ProgressOptions, stage: StageFn): Promise<ExportResult> {
  stage({ stage: 'queued' });
  let done;
  try {
    done = await waitForRender(t, job.renderId, {
      signal: opts.signal,
      intervalMs: opts.intervalMs,
      sleep: opts.sleep,
      ...(Number.isFinite(Date.parse(job.submittedAt)) ? { submittedAtMs: Date.parse(job.submittedAt) } : {}),
      onProgress: (p) => stage(p.status === 'pending' ? { stage: 'queued', progress: p.progress } : { stage: 'rendering', progress: p.progress }),
      onPollTrouble: () => stage({ stage: 'rendering', reconnecting: true }),
    });
  } catch (e) {
    if (isAbort(e) || opts.signal?.aborted) {
      await cancelQuietly(t, job.renderId);
      throw abortedError(e);
    }
    throw e;
  }

  stage({ stage: 'downloading', bytes: 0, total: done.size });
  // The name is claimed only when the video is whole: another export may take it meanwhile (-2 then).
  const saved = await downloadRenderOutput(t, { renderId: job.renderId, url: done.url }, join(outDir, job.fileName), {
    newFile: true,
    signal: opts.signal,
    expectedBytes: done.size,
    requireMp4: true,
    onProgress: (bytes, total) => stage({ stage: 'downloading', bytes, total }),
  });
  stage({ stage: 'done', bytes: saved.bytes, total: saved.bytes });
  return { file: saved.path, bytes: saved.bytes, renderId: job.renderId };
}

type StageFn = (s: Omit<ExportStage, 'elapsedMs'>) => void;

function stageReporter(onStage: ExportOptions['onStage'], since: number): StageFn {
  return (s) => onStage?.({ ...s, elapsedMs: Date.now() - since });
}

/** Best effort: the user already stopped; a failed cancel must not hide that. */
async function cancelQuietly(t: Transport, renderId: string): Promise<void> {
  try {
    await cancelRender(t, renderId, { signal: AbortSignal.timeout(10_000) });
  } catch {
    // The job ends on its own; nothing more to do.
  }
}
