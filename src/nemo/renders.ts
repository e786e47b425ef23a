// Render jobs: submit, poll, cancel, wait. Thin functions over the one Transport.
//
// Two rules shape this file. The draft goes to the backend exactly as the state gave it (spliced in
// as text, never re-serialized from a parsed copy, so keys we do not know survive). And a render POST
// is never resent once it may have reached the server: a lost answer may mean a job is running.
import * as l10n from '@vscode/l10n';
import { NemoError, isNemoError } from './errors';
import { MIN_GAP_MS, nextPollDelayMs, type PollSeen } from './renderSchedule';
import { defaultSleep, type Sleep, type Transport } from './transport';

export type RenderStatus = 'pending' | 'processing' | 'completed' | 'failed';

export interface RenderPoll {
  status: RenderStatus;
  /** 0-100; absent when the answer did not say (the poll schedule then does not guess from it). */
  progress?: number;
  /** The output URL once completed (may be absent: then the proxy download is the way). */
  url?: string;
  /** Why a failed render failed. */
  error?: string;
  /** Output size in bytes when the backend says it. */
  size?: number;
}

const SUBMIT_PATH = '/api/render/proxy/lambda';
const jobPath = (id: string) => `${SUBMIT_PATH}/${encodeURIComponent(id)}`;

let lastIdMs = 0;
/** `render_<unix ms>`, strictly increasing within this process so a retry never reuses an id. */
export function newRenderId(now: number = Date.now()): string {
  lastIdMs = Math.max(now, lastIdMs + 1);
  return `render_${lastIdMs}`;
}

/** The submit body with the raw draft text spliced in verbatim. */
export function renderRequestBody(id: string, sessionId: string, rawDraft: string): string {
  return `{"id":${JSON.stringify(id)},"sessionId":${JSON.stringify(sessionId)},"draft":${rawDraft},"output":{"format":"mp4","quality":"high"}}`;
}

/**
 * Submits a render of `rawDraft` (the exact JSON text of state.draft) and returns the job id.
 * A duplicate id rejected by the server is retried once with a new id (a rejection did nothing).
 * When the answer is lost after the body was sent, nothing is resent: the error says the render may
 * be running, with details.renderId and details.mayBeRunning so the caller can keep the job.
 */
export async function submitRender(t: Transport, sessionId: string, rawDraft: string, opts: { signal?: AbortSignal } = {}): Promise<string> {
  checkRawDraft(rawDraft);
  for (let attempt = 0; ; attempt++) {
    const id = newRenderId();
    try {
      const res = await t.call<unknown>('POST', SUBMIT_PATH, { bodyText: renderRequestBody(id, sessionId, rawDraft), signal: opts.signal });
      const answered = jobIdOf(res.data, res.rawBody);
      // Trust our id unless the server names another one (then it is the one to poll).
      return answered ?? id;
    } catch (e) {
      if (attempt === 0 && isDuplicateId(e)) continue;
      throw mayBeRunning(e, id);
    }
  }
}

/** The job id the submit answer names: `id`, `render_id` or `taskId`, in `data` or at the top level. */
function jobIdOf(data: unknown, rawBody: string): string | undefined {
  for (const layer of [asObject(data), parseObjectText(rawBody)]) {
    for (const key of ['id', 'render_id', 'taskId']) {
      const v = layer?.[key];
      if ((typeof v === 'string' && v !== '') || typeof v === 'number') return String(v);
    }
  }
  return undefined;
}

/**
 * The draft is spliced into the body as text, so it must be one JSON value. Any value: a draft this
 * version cannot read (a Draft V3 string) is the server's to judge.
 */
function checkRawDraft(rawDraft: string): void {
  try {
    JSON.parse(rawDraft);
    return;
  } catch {
    // fall through
  }
  throw new NemoError('invalid-input', l10n.t('The timeline could not be read, so it cannot be exported.'));
}

function isDuplicateId(e: unknown): boolean {
  return isNemoError(e) && (e.status === 409 || /duplicate|already exists/i.test(e.message));
}

/** Errors that leave it open whether the job started get the job id and a message that says so. */
function mayBeRunning(e: unknown, id: string): unknown {
  if (!isNemoError(e)) return e;
  // A 2xx answer we could not read still means the server took the job.
  const unreadableSuccess = e.kind === 'protocol' && e.status !== undefined && e.status >= 200 && e.status < 300;
  const lost = !e.didNothing && (e.kind === 'connection' || e.kind === 'timeout' || e.kind === 'aborted' || e.kind === 'protocol');
  if (!unreadableSuccess && !lost) return e;
  return new NemoError(e.kind, l10n.t('The answer to the export request was lost: the render may be running (job {0}). It was not sent again.', id), {
    cause: e, path: e.path, status: e.status, requestId: e.requestId,
    details: { ...e.details, renderId: id, mayBeRunning: true },
  });
}

/** One poll, normalized from any of the three shapes the backend has been seen to answer. */
export async function pollRender(t: Transport, id: string, opts: { signal?: AbortSignal } = {}): Promise<RenderPoll> {
  const res = await t.call<unknown>('GET', jobPath(id), { idempotent: true, signal: opts.signal });
  return parseRenderPoll(res.data, res.rawBody);
}

const STATUS_WORDS: Record<string, RenderStatus> = {
  pending: 'pending', queued: 'pending', waiting: 'pending',
  processing: 'processing', rendering: 'processing', running: 'processing', in_progress: 'processing',
  completed: 'completed', complete: 'completed', done: 'completed', succeeded: 'completed', success: 'completed',
  failed: 'failed', failure: 'failed', error: 'failed', cancelled: 'failed', canceled: 'failed',
};

/**
 * Accepts `data:{id,status,progress,outputUrl,...}`, top-level `{status,progress,output:{url}}`
 * (with or without `success:true` beside), and `{taskId,status,progress,output:{url,duration,size}}`.
 * `data` is what the transport unwrapped; `rawBody` is read too, because an envelope without `data`
 * leaves the fields at the top level.
 */
export function parseRenderPoll(data: unknown, rawBody: string): RenderPoll {
  const top = parseObjectText(rawBody);
  const inner = asObject(top?.data) ?? asObject(data);
  // Fields in `data` win; the top level fills what it lacks.
  const layers = [inner, top, asObject(data)].filter((o): o is Record<string, unknown> => o !== undefined);
  const pick = (key: string) => layers.map((o) => o[key]).find((v) => v !== undefined && v !== null);

  const statusWord = pick('status');
  // No status, or one this client does not know: still going (the overall cap still applies).
  const status = (typeof statusWord === 'string' ? STATUS_WORDS[statusWord.toLowerCase()] : undefined) ?? 'processing';
  const output = asObject(pick('output'));
  const url = stringField(output, 'url') ?? stringField(output, 'outputUrl') ?? (pick('outputUrl') as string | undefined) ?? (pick('output_url') as string | undefined);
  const rawProgress = Number(pick('progress'));
  const given = pick('progress') !== undefined && Number.isFinite(rawProgress);
  const progress = status === 'completed' ? 100 : given ? Math.min(100, Math.max(0, rawProgress)) : undefined;
  const size = Number(output?.size ?? pick('size'));
  const error = errorText(pick('error')) ?? errorText(pick('errorMessage'));
  return {
    status,
    ...(progress !== undefined ? { progress } : {}),
    ...(typeof url === 'string' && url !== '' ? { url } : {}),
    ...(status === 'failed' && error !== undefined ? { error } : {}),
    ...(Number.isFinite(size) && size > 0 ? { size } : {}),
  };
}

function errorText(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  const o = asObject(v);
  return o ? errorText(o.message) : undefined;
}

export async function cancelRender(t: Transport, id: string, opts: { signal?: AbortSignal } = {}): Promise<void> {
  await t.call('POST', `${jobPath(id)}/cancel`, { signal: opts.signal });
}

export interface WaitOptions {
  onProgress?: (poll: RenderPoll) => void;
  signal?: AbortSignal;
  /** Fixed poll interval (the poll-interval option); the progress-led schedule otherwise. */
  intervalMs?: number;
  sleep?: Sleep;
  /** When the job was submitted (epoch ms; a resumed job's own time), so elapsed time counts from there. */
  submittedAtMs?: number;
  /** Give up after this long without completion (default 30 minutes). */
  maxWaitMs?: number;
  /** A poll failed in a way that passes (connection, 408, 429, 5xx): the wait goes on. */
  onPollTrouble?: (error: NemoError) => void;
}

/**
 * Poll failures a blip causes: the job may still run in the cloud, so the wait rides them out
 * (the transport has already retried the GET twice). Anything else (404, 1001 after a refresh,
 * 2001) ends the wait.
 */
const PASSING_POLL_KINDS: ReadonlySet<string> = new Set(['connection', 'timeout', 'server', 'rate-limited', 'protocol']);
/** After this many failed polls in a row the wait between them stops growing. */
const TROUBLE_BACKOFF_MS = [2_000, 5_000, 10_000, 20_000, 30_000];
/** `completed` without an output URL: polled this many more times before the fallback download. */
export const COMPLETED_WITHOUT_URL_POLLS = 3;

function troubleDelayMs(troubles: number, err: NemoError, fixedIntervalMs?: number): number {
  if (err.retryAfterMs !== undefined) return Math.min(err.retryAfterMs, 60_000);
  if (fixedIntervalMs !== undefined) return fixedIntervalMs;
  return TROUBLE_BACKOFF_MS[Math.min(troubles - 1, TROUBLE_BACKOFF_MS.length - 1)];
}

const DEFAULT_MAX_WAIT_MS = 30 * 60_000;

/**
 * Polls until the render completes and returns the last poll (status 'completed').
 * A failed render throws NemoError('render-failed') carrying the backend's reason.
 */
export async function waitForRender(t: Transport, id: string, opts: WaitOptions = {}): Promise<RenderPoll> {
  const sleep = opts.sleep ?? defaultSleep;
  const maxWait = opts.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  // The schedule's clock: the time before this call, then the waits it asked for plus the time the
  // polls took. It is the wall clock when `sleep` really sleeps, and the simulated one when a test
  // or benchmark hands in a sleep that moves time itself.
  let elapsed = opts.submittedAtMs === undefined ? 0 : Math.max(0, Date.now() - opts.submittedAtMs);
  const seen: PollSeen[] = [];
  let waited = 0;
  let troubles = 0;
  let lastTrouble: NemoError | undefined;
  let completedWithoutUrl = 0;
  for (;;) {
    const delay = lastTrouble ? troubleDelayMs(troubles, lastTrouble, opts.intervalMs)
      : completedWithoutUrl > 0 ? opts.intervalMs ?? MIN_GAP_MS
      : nextPollDelayMs(seen, elapsed, opts.intervalMs);
    if (waited + delay > maxWait) {
      // The job may still be running: its id stays with the caller, so it can be resumed later.
      throw new NemoError('timeout', l10n.t('The render did not finish in {0} minutes (job {1}).', Math.round(maxWait / 60_000), id),
        { details: { renderId: id }, ...(lastTrouble ? { cause: lastTrouble } : {}) });
    }
    await sleep(delay, opts.signal);
    waited += delay;
    const asked = performance.now();
    let poll: RenderPoll;
    try {
      poll = await pollRender(t, id, { signal: opts.signal });
    } catch (e) {
      if (!isNemoError(e) || !PASSING_POLL_KINDS.has(e.kind) || opts.signal?.aborted) throw e;
      elapsed += delay + (performance.now() - asked);
      troubles++;
      lastTrouble = e;
      opts.onPollTrouble?.(e);
      continue;
    }
    troubles = 0;
    lastTrouble = undefined;
    elapsed += delay + (performance.now() - asked);
    seen.push({ atMs: elapsed, progress: poll.progress });
    opts.onProgress?.(poll);
    if (poll.status === 'completed') {
      // The URL may come a poll or two after the status: look again before the fallback download.
      if (poll.url !== undefined || completedWithoutUrl >= COMPLETED_WITHOUT_URL_POLLS) return poll;
      completedWithoutUrl++;
      continue;
    }
    if (poll.status === 'failed') {
      const reason = poll.error ?? l10n.t('no reason given');
      throw new NemoError('render-failed', l10n.t('The render failed ({0}).', reason), { details: { renderId: id, reason } });
    }
  }
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function stringField(v: unknown, key: string): string | undefined {
  const value = asObject(v)?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function parseObjectText(text: string): Record<string, unknown> | undefined {
  try {
    return asObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}
