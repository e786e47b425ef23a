// The API origin's endpoints, one handler each, and the table that routes to them. A new
// endpoint is one handler and one row in API_ROUTES.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { rawValueAt } from '../../src/nemo/rawJson';
import { parseObject, readBodyText, type Exchange } from './exchange';
import { parseDraft } from './agent';
import { draftV3Json, fromDraftV3 } from './draftV3';
import type { DraftFormat } from './options';
import { newRenderJob, pollBody, statusOf, type RenderJob } from './renders';
import { Router, type AnonymousCall, type Route, type UserCall } from './router';
import { SseSink, streamBulk } from './sse';
import { available, type Session, type User } from './store';
import { prepareTurn, runTurn } from './turns';
import { receiveMultipart, receiveUrls } from './uploads';
import type { EmulatorWorld } from './world';

async function jsonBody(ex: Exchange): Promise<{ text: string; body: Record<string, unknown> } | undefined> {
  const text = await readBodyText(ex.req);
  const body = parseObject(text);
  if (!body) badRequest(ex, 'body must be a JSON object');
  return body ? { text, body } : undefined;
}

function badRequest(ex: Exchange, message: string): void {
  ex.json(400, { code: 400, message, data: null });
}

function sessionOr1002(ex: Exchange, world: EmulatorWorld, user: User, id: unknown): Session | undefined {
  const session = world.store.sessionFor(user, id);
  if (!session) ex.codeError(1002);
  return session;
}

function anonymousToken({ ex, world }: AnonymousCall): void {
  const { options, store } = world;
  const clientId = ex.header('x-client-id');
  if (!clientId) return badRequest(ex, 'missing X-Client-Id');
  const allowed = store.allowTokenRequest(clientId, ex.req.socket.remoteAddress ?? '', {
    perClient: options.tokensPerClientId, perIp: options.tokensPerIp, windowMs: options.tokenLimitWindowMs,
  });
  if (!allowed.ok) {
    ex.res.setHeader('Retry-After', String(Math.ceil(allowed.retryAfterMs / 1000)));
    return ex.json(429, { code: 429, message: 'anonymous token limit reached: one per client id and ten per IP every 7 days', data: null });
  }
  const user = store.userForClient(clientId, options.startingCredits);
  const record = store.issueToken(user, options.tokenTtlMs);
  ex.ok({ token: record.token, user_id: user.id, expires_at: new Date(record.expiresAt).toISOString(), credits: available(user) });
}

async function createSession({ ex, world, user }: UserCall): Promise<void> {
  const got = await jsonBody(ex);
  if (!got) return;
  const taskName = typeof got.body.task_name === 'string' ? got.body.task_name : 'project';
  const language = typeof got.body.language === 'string' ? got.body.language : 'en';
  const session = world.store.createSession(user, taskName, language);
  ex.ok({ task_id: session.taskId, session_id: session.id, user_id: user.id });
}

async function runSse({ ex, world, user }: UserCall): Promise<void> {
  const got = await jsonBody(ex);
  if (!got) return;
  const session = sessionOr1002(ex, world, user, got.body.session_id);
  if (!session) return;
  const bulkBytes = world.takeBulkStream();
  if (bulkBytes > 0) {
    const sink = new SseSink(ex, world.options.sseShape);
    sink.start();
    await streamBulk(sink, bulkBytes);
    return;
  }
  const parts = (got.body.new_message as { parts?: { text?: unknown }[] } | undefined)?.parts;
  const text = Array.isArray(parts) ? parts.map((p) => (typeof p?.text === 'string' ? p.text : '')).join('\n').trim() : '';
  if (!text) return badRequest(ex, 'new_message.parts[].text is required');
  session.messages.push(text);
  const token = /^Bearer\s+(\S+)$/i.exec(ex.header('authorization') ?? '')?.[1];
  const start = prepareTurn(world.turns, user, session, text, token);
  if (!start.ok) return ex.codeError(start.code);
  return runTurn(world.turns, ex, user, session, start.plan);
}

async function upload({ ex, world, user, params }: UserCall): Promise<void> {
  const session = sessionOr1002(ex, world, user, params.sessionId);
  if (!session) {
    ex.req.resume();
    return;
  }
  let outcome;
  if ((ex.header('content-type') ?? '').startsWith('application/json')) {
    const got = await jsonBody(ex);
    if (!got) return;
    outcome = receiveUrls(got.body, world.cdnUrl);
  } else {
    outcome = await receiveMultipart(ex.req, world.options.maxUploadBytes, world.cdnUrl);
  }
  if (!outcome.ok) {
    if (outcome.code === 400) return badRequest(ex, outcome.message);
    return ex.codeError(outcome.code, undefined, outcome.message);
  }
  for (const f of outcome.files) session.videoInfos.push({ ...f });
  ex.ok({ files: outcome.files.map(({ size: _size, ...f }) => f), session_state_applied: true });
}

function credits({ ex, world, user }: UserCall): void {
  if (world.options.creditsShape === 'granted') {
    return ex.ok({ available: available(user), frozen: user.frozen, total_granted: user.granted, total_consumed: user.consumed });
  }
  ex.ok({ available: available(user), frozen: user.frozen, total: user.granted - user.consumed });
}

/** The session's draft as the state serves it: as stored, or in Draft V3 (a planted draft of another shape stays as planted). */
function servedDraft(draftJson: string | undefined, format: DraftFormat): string {
  const draft = format === 'v3' ? parseDraft(draftJson) : undefined;
  return draft ? draftV3Json(draft) : draftJson ?? 'null';
}

function sessionState({ ex, world, user, params }: UserCall): void {
  const session = sessionOr1002(ex, world, user, params.sessionId);
  if (!session) return;
  // Built as text so the draft goes out exactly as stored (a planted draft keeps its bytes).
  const rest = JSON.stringify({
    video_infos: session.videoInfos,
    generated_media: session.generatedMedia,
    canvas_config: session.canvasConfig,
    video_analyses: session.videoAnalyses,
  });
  const state = `{"draft":${servedDraft(session.draftJson, world.options.draftFormat)},${rest.slice(1)}`;
  const head = JSON.stringify({ session_id: session.id, task_id: session.taskId, task_name: session.taskName });
  ex.json(200, undefined, `{"code":0,"message":"ok","data":${head.slice(0, -1)},"state":${state}}}`);
}

/** How long a claim link works: minutes, as the real service's short-lived claim tokens. */
const CLAIM_TTL_SECONDS = 600;

/**
 * A claim token for one of the caller's sessions (1002 for another's or none). `task_id` is checked
 * against the session's when sent, and may be left out: the session alone names the project.
 */
async function claimToken({ ex, world, user }: UserCall): Promise<void> {
  const got = await jsonBody(ex);
  if (!got) return;
  const session = sessionOr1002(ex, world, user, got.body.session_id);
  if (!session) return;
  const taskId = got.body.task_id;
  if (taskId !== undefined && taskId !== session.taskId) return badRequest(ex, 'task_id does not belong to this session');
  const claim = world.store.issueClaim(user, session, taskId, CLAIM_TTL_SECONDS * 1000);
  ex.ok({ claim_token: claim.claimToken, expires_in: CLAIM_TTL_SECONDS });
}

async function submitRender({ ex, world, user }: UserCall): Promise<void> {
  if (!ex.header('x-skill-source') || !ex.header('x-skill-version') || !ex.header('x-skill-platform')) {
    ex.req.resume();
    return ex.renderError(402, 'export requires a plan that allows it (attribution headers missing)');
  }
  const got = await jsonBody(ex);
  if (!got) return;
  const { id, sessionId } = got.body;
  if (typeof id !== 'string' || !/^[\w.-]{1,128}$/.test(id)) return ex.renderError(400, 'id must be a string like render_<ms>');
  if (world.renders.has(id)) return ex.renderError(409, `render id ${id} already exists`);
  const session = sessionOr1002(ex, world, user, sessionId);
  if (!session) return;
  // The job keeps the draft's text exactly as it came; a Draft V3 string is encoded as the short-key draft it describes.
  const rawDraft = rawValueAt(got.text, ['draft']);
  const v3 = typeof got.body.draft === 'string' ? fromDraftV3(got.body.draft) : undefined;
  const draft = (v3 ?? got.body.draft) as { t?: { sg?: unknown[] }[] } | undefined;
  if (!rawDraft || !Array.isArray(draft?.t) || !draft.t.some((t) => Array.isArray(t?.sg) && t.sg.length > 0)) {
    return ex.renderError(400, 'draft has nothing to render');
  }
  const job = newRenderJob(id, session.id, user.id, got.text, rawDraft);
  if (ex.fault?.kind === 'renderFail') job.failure = ex.fault.error ?? 'encoder crashed';
  world.renders.set(id, job);
  world.renderer.render(v3 ? JSON.stringify(v3) : rawDraft).then(
    async (file) => (job.file = { path: file, size: (await stat(file)).size }),
    (err: Error) => (job.failure ??= `encoder crashed: ${err.message.slice(0, 200)}`),
  );
  ex.renderOk({ [world.options.submitIdField]: id, status: 'pending', progress: 5 });
}

/** The caller's render job named in the path, or a 404 already answered. */
function ownJob({ ex, world, user, params }: UserCall): RenderJob | undefined {
  const job = world.renders.get(params.renderId);
  if (job?.userId === user.id) return job;
  ex.renderError(404, 'render not found');
  return undefined;
}

function pollRender(call: UserCall): void {
  const job = ownJob(call);
  if (!job) return;
  job.polls += 1;
  const { options, cdnUrl } = call.world;
  call.ex.json(200, pollBody(job, options, cdnUrl));
}

function cancelRender(call: UserCall): void {
  const job = ownJob(call);
  if (!job) return;
  const { options } = call.world;
  if (statusOf(job, options).status !== 'completed') job.failure = 'cancelled';
  call.ex.renderOk({ id: job.id, status: statusOf(job, options).status });
}

function downloadRender(call: UserCall): void {
  const job = ownJob(call);
  if (!job) return;
  const { ex, world } = call;
  if (statusOf(job, world.options).status !== 'completed' || !job.file) return ex.renderError(409, 'render not completed');
  if (world.options.downloadAnswer === 'json') {
    return ex.renderOk({ id: job.id, output: { url: `${world.cdnUrl}${job.cdnPath}` }, size: job.file.size });
  }
  ex.stream(200, { 'Content-Type': 'video/mp4' }, createReadStream(job.file.path), job.file.size);
}

export const API_ROUTES: readonly Route[] = [
  { method: 'POST', path: '/api/auth/anonymous-token', anonymous: true, handle: anonymousToken },
  { method: 'POST', path: '/api/tasks/me/with-session/nemo_agent', handle: createSession },
  { method: 'POST', path: '/run_sse', handle: runSse },
  { method: 'POST', path: '/api/upload-video/nemo_agent/me/:sessionId', handle: upload },
  { method: 'GET', path: '/api/credits/balance/simple', handle: credits },
  { method: 'POST', path: '/api/auth/claim-token', handle: claimToken },
  { method: 'GET', path: '/api/state/nemo_agent/me/:sessionId/latest', handle: sessionState },
  { method: 'POST', path: '/api/render/proxy/lambda', handle: submitRender },
  { method: 'GET', path: '/api/render/proxy/lambda/:renderId', handle: pollRender },
  { method: 'POST', path: '/api/render/proxy/lambda/:renderId/cancel', handle: cancelRender },
  { method: 'GET', path: '/api/render/proxy/:renderId/download', handle: downloadRender },
];

export const apiRouter = new Router(API_ROUTES, ({ ex }) => ex.json(404, { code: 404, message: `no route ${ex.req.method} ${ex.path}`, data: null }));
