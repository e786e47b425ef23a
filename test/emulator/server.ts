// The emulator: the API origin (every endpoint of the contract, in memory) and a second origin
// that serves render outputs, both real HTTP servers on 127.0.0.1. Requests are recorded and may
// draw a scripted fault before their handler runs.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleControl } from './control';
import { Exchange, parseObject, readBodyText } from './exchange';
import { FaultScript, type FaultAction } from './faults';
import { Mp4Renderer, resolveFfmpeg } from './ffmpeg';
import { resolveOptions, type EmulatorOptions, type ResolvedOptions } from './options';
import { rawMember } from './rawJson';
import { newRenderJob, pollBody, statusOf, type RenderJob } from './renders';
import { SseSink, streamBulk } from './sse';
import { available, Store, type Session, type User } from './store';
import { prepareTurn, runTurn, type TurnContext } from './turns';
import { receiveMultipart, receiveUrls } from './uploads';

export interface RecordedRequest {
  origin: 'api' | 'cdn';
  method: string;
  path: string; // pathname + query
  headers: Record<string, string>;
  status?: number;
  at: number;
}

export interface Emulator {
  url: string; // the API origin
  cdnUrl: string; // the render output origin
  requests: RecordedRequest[];
  faults: FaultScript;
  options: ResolvedOptions;
  setOptions(patch: Partial<EmulatorOptions>): void;
  waitFor(pred: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
  // Inspection and set-up for tests.
  store: Store;
  renders: Map<string, RenderJob>;
  /** A valid token for a (new or given) client id, as if it had asked for one. */
  issueToken(clientId?: string): { token: string; userId: string; clientId: string };
  /** Sets what a user has available (frozen credits stay as they are). */
  setCredits(userId: string, availableCredits: number): void;
  expireToken(token: string): void;
  /** Plants a draft as raw JSON text (kept byte-for-byte by the state endpoint). */
  setDraft(sessionId: string, rawDraft: string): void;
  /** The next run_sse streams about this many bytes of events, as fast as the socket takes them. */
  queueBulkStream(bytes: number): void;
  /** Forgets all state, recorded requests and faults (options stay). */
  reset(): void;
}

const BASE_PATHS = {
  token: '/api/auth/anonymous-token',
  session: '/api/tasks/me/with-session/nemo_agent',
  turn: '/run_sse',
  credits: '/api/credits/balance/simple',
  render: '/api/render/proxy/lambda',
};

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

const EXPIRED_XML = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>';
const HTML_ERROR = '<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Bad Gateway</h1><p>nginx</p></body></html>';

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const options = resolveOptions(opts);
  const store = new Store();
  const renders = new Map<string, RenderJob>();
  const faults = new FaultScript();
  const requests: RecordedRequest[] = [];
  const renderer = new Mp4Renderer(() => resolveFfmpeg(options.ffmpegPath));
  let requestNo = 0;
  let turnCounter = 0;
  let editTurns = 0;
  let bulkBytes = 0;
  let cdnUrl = '';
  const closing = new AbortController();

  const turnContext: TurnContext = {
    options,
    get mediaBase() {
      return cdnUrl;
    },
    closing: closing.signal,
    nextCounter: () => ++turnCounter,
    nextEditIsSilent: () => {
      // Deterministic share: edit n is silent when floor(n·share) steps up.
      editTurns += 1;
      return Math.floor(editTurns * options.silentEditShare) > Math.floor((editTurns - 1) * options.silentEditShare);
    },
  };

  /** Applies a fault that answers before any handler; returns true when the request is done. */
  async function preFault(ex: Exchange, fault: FaultAction | undefined): Promise<boolean> {
    if (!fault) return false;
    switch (fault.kind) {
      case 'slowHeaders':
        await sleep(fault.ms);
        return false;
      case 'reset':
        ex.destroy();
        return true;
      case 'envelope':
        ex.codeError(fault.code, fault.status ?? 200, fault.message);
        return true;
      case 'status': {
        const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
        const kind = fault.body ?? 'json';
        if (kind === 'empty') ex.bytes(fault.status, headers, Buffer.alloc(0));
        else if (kind === 'html') ex.bytes(fault.status, { ...headers, 'Content-Type': 'text/html' }, Buffer.from(HTML_ERROR));
        else ex.bytes(fault.status, { ...headers, 'Content-Type': 'application/json' }, Buffer.from(JSON.stringify({ error: `HTTP ${fault.status}` })));
        return true;
      }
      default:
        return false; // applied later by the writer or the handler
    }
  }

  function authenticate(ex: Exchange): User | undefined {
    const user = store.authenticate(ex.header('authorization'));
    if (!user) ex.codeError(1001);
    return user;
  }

  async function jsonBody(ex: Exchange): Promise<{ text: string; body: Record<string, unknown> } | undefined> {
    const text = await readBodyText(ex.req);
    const body = parseObject(text);
    if (!body) ex.json(400, { code: 400, message: 'body must be a JSON object', data: null });
    return body ? { text, body } : undefined;
  }

  function sessionOr1002(ex: Exchange, user: User, id: unknown): Session | undefined {
    const session = store.sessionFor(user, id);
    if (!session) ex.codeError(1002);
    return session;
  }

  async function api(ex: Exchange): Promise<void> {
    const { method } = ex.req;
    const path = ex.path;
    let m: RegExpExecArray | null;

    if (method === 'POST' && path === BASE_PATHS.token) {
      const clientId = ex.header('x-client-id');
      if (!clientId) return ex.json(400, { code: 400, message: 'missing X-Client-Id', data: null });
      if (!store.allowTokenRequest(clientId, options.tokenRequestsPerWindow, options.tokenWindowMs)) {
        ex.res.setHeader('Retry-After', String(Math.ceil(options.tokenWindowMs / 1000)));
        return ex.json(429, { code: 429, message: 'too many token requests', data: null });
      }
      const user = store.userForClient(clientId, options.startingCredits);
      const record = store.issueToken(user, options.tokenTtlMs);
      return ex.ok({ token: record.token, user_id: user.id, expires_at: new Date(record.expiresAt).toISOString(), credits: available(user) });
    }

    const user = authenticate(ex);
    if (!user) return;

    if (method === 'POST' && path === BASE_PATHS.session) {
      const got = await jsonBody(ex);
      if (!got) return;
      const taskName = typeof got.body.task_name === 'string' ? got.body.task_name : 'project';
      const language = typeof got.body.language === 'string' ? got.body.language : 'en';
      const session = store.createSession(user, taskName, language);
      return ex.ok({ task_id: session.taskId, session_id: session.id, user_id: user.id });
    }

    if (method === 'POST' && path === BASE_PATHS.turn) {
      const got = await jsonBody(ex);
      if (!got) return;
      const session = sessionOr1002(ex, user, got.body.session_id);
      if (!session) return;
      if (bulkBytes > 0) {
        const bytes = bulkBytes;
        bulkBytes = 0;
        const sink = new SseSink(ex, options.sseShape);
        sink.start();
        await streamBulk(sink, bytes);
        return;
      }
      const parts = (got.body.new_message as { parts?: { text?: unknown }[] } | undefined)?.parts;
      const text = Array.isArray(parts) ? parts.map((p) => (typeof p?.text === 'string' ? p.text : '')).join('\n').trim() : '';
      if (!text) return ex.json(400, { code: 400, message: 'new_message.parts[].text is required', data: null });
      const start = prepareTurn(turnContext, user, session, text);
      if (!start.ok) return ex.codeError(start.code);
      return runTurn(turnContext, ex, user, session, start.plan);
    }

    if (method === 'POST' && (m = /^\/api\/upload-video\/nemo_agent\/me\/([^/]+)$/.exec(path))) {
      const session = sessionOr1002(ex, user, decodeURIComponent(m[1]));
      if (!session) {
        ex.req.resume();
        return;
      }
      const contentType = ex.header('content-type') ?? '';
      let outcome;
      if (contentType.startsWith('application/json')) {
        const got = await jsonBody(ex);
        if (!got) return;
        outcome = receiveUrls(got.body, cdnUrl);
      } else {
        outcome = await receiveMultipart(ex.req, options.maxUploadBytes, cdnUrl);
      }
      if (!outcome.ok) {
        if (outcome.code === 400) return ex.json(400, { code: 400, message: outcome.message, data: null });
        return ex.codeError(outcome.code, undefined, outcome.message);
      }
      for (const f of outcome.files) session.videoInfos.push({ ...f });
      return ex.ok({ files: outcome.files.map(({ size: _size, ...f }) => f), session_state_applied: true });
    }

    if (method === 'GET' && path === BASE_PATHS.credits) {
      const total = user.granted - user.consumed;
      if (options.creditsShape === 'granted') {
        return ex.ok({ available: available(user), frozen: user.frozen, total_granted: user.granted, total_consumed: user.consumed });
      }
      return ex.ok({ available: available(user), frozen: user.frozen, total });
    }

    if (method === 'GET' && (m = /^\/api\/state\/nemo_agent\/me\/([^/]+)\/latest$/.exec(path))) {
      const session = sessionOr1002(ex, user, decodeURIComponent(m[1]));
      if (!session) return;
      // Built as text so the draft goes out exactly as stored (a planted draft keeps its bytes).
      const rest = JSON.stringify({
        video_infos: session.videoInfos,
        generated_media: session.generatedMedia,
        canvas_config: session.canvasConfig,
        video_analyses: session.videoAnalyses,
      });
      const state = `{"draft":${session.draftJson ?? 'null'},${rest.slice(1)}`;
      const head = JSON.stringify({ session_id: session.id, task_id: session.taskId, task_name: session.taskName });
      const body = `{"code":0,"message":"ok","data":${head.slice(0, -1)},"state":${state}}}`;
      return ex.json(200, undefined, body);
    }

    if (method === 'POST' && path === BASE_PATHS.render) {
      if (!ex.header('x-skill-source') || !ex.header('x-skill-version') || !ex.header('x-skill-platform')) {
        ex.req.resume();
        return ex.renderError(402, 'export requires a plan that allows it (attribution headers missing)');
      }
      const got = await jsonBody(ex);
      if (!got) return;
      const { id, sessionId } = got.body;
      if (typeof id !== 'string' || !/^[\w.-]{1,128}$/.test(id)) return ex.renderError(400, 'id must be a string like render_<ms>');
      if (renders.has(id)) return ex.renderError(409, `render id ${id} already exists`);
      const session = sessionOr1002(ex, user, sessionId);
      if (!session) return;
      const rawDraft = rawMember(got.text, 'draft');
      const draft = got.body.draft as { t?: { sg?: unknown[] }[] } | undefined;
      if (!rawDraft || !Array.isArray(draft?.t) || !draft.t.some((t) => Array.isArray(t?.sg) && t.sg.length > 0)) {
        return ex.renderError(400, 'draft has nothing to render');
      }
      const job = newRenderJob(id, session.id, user.id, got.text, rawDraft);
      if (ex.fault?.kind === 'renderFail') job.failure = ex.fault.error ?? 'encoder crashed';
      renders.set(id, job);
      renderer.render(rawDraft).then(
        async (file) => (job.file = { path: file, size: (await stat(file)).size }),
        (err: Error) => (job.failure ??= `encoder crashed: ${err.message.slice(0, 200)}`),
      );
      return ex.renderOk({ id, status: 'pending', progress: 5 });
    }

    if ((m = /^\/api\/render\/proxy\/lambda\/([^/]+)(\/cancel)?$/.exec(path))) {
      const job = renders.get(decodeURIComponent(m[1]));
      if (!job || job.userId !== user.id) return ex.renderError(404, 'render not found');
      if (method === 'POST' && m[2]) {
        if (statusOf(job, options.renderMs).status !== 'completed') job.failure = 'cancelled';
        const { status } = statusOf(job, options.renderMs);
        return ex.renderOk({ id: job.id, status });
      }
      if (method === 'GET' && !m[2]) {
        job.polls += 1;
        return ex.json(200, pollBody(job, options.pollShape, options.renderMs, cdnUrl));
      }
    }

    if (method === 'GET' && (m = /^\/api\/render\/proxy\/([^/]+)\/download$/.exec(path))) {
      const job = renders.get(decodeURIComponent(m[1]));
      if (!job || job.userId !== user.id) return ex.renderError(404, 'render not found');
      if (statusOf(job, options.renderMs).status !== 'completed' || !job.file) return ex.renderError(409, 'render not completed');
      return ex.stream(200, { 'Content-Type': 'video/mp4' }, createReadStream(job.file.path), job.file.size);
    }

    ex.json(404, { code: 404, message: `no route ${method} ${path}`, data: null });
  }

  async function cdn(ex: Exchange): Promise<void> {
    const job = [...renders.values()].find((j) => j.cdnPath === ex.path);
    if (!job || !job.file || statusOf(job, options.renderMs).status !== 'completed' || (ex.req.method !== 'GET' && ex.req.method !== 'HEAD')) {
      return ex.bytes(404, { 'Content-Type': 'text/plain' }, Buffer.from('not found'));
    }
    if (job.completedAt !== undefined && Date.now() - job.completedAt > options.outputTtlMs) {
      return ex.bytes(403, { 'Content-Type': 'application/xml' }, Buffer.from(EXPIRED_XML));
    }
    const headers = { 'Content-Type': 'video/mp4', 'Cache-Control': 'private, max-age=3600' };
    if (ex.req.method === 'HEAD') {
      ex.res.writeHead(200, { ...headers, 'Content-Length': String(job.file.size) });
      return void ex.res.end();
    }
    ex.stream(200, headers, createReadStream(job.file.path), job.file.size);
  }

  function handler(origin: 'api' | 'cdn', route: (ex: Exchange) => Promise<void>) {
    return (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (origin === 'api' && url.pathname.startsWith('/__emulator/')) {
        void handleControl(emulator, req, res, url);
        return;
      }
      const record: RecordedRequest = { origin, method: req.method ?? 'GET', path: url.pathname + url.search, headers: flatHeaders(req), at: Date.now() };
      requests.push(record);
      res.on('finish', () => (record.status = res.statusCode));
      const fault = faults.take(origin, record.method, url.pathname);
      const ex = new Exchange(req, res, url, fault, `req_${++requestNo}`);
      preFault(ex, fault)
        .then((done) => (done ? undefined : route(ex)))
        .catch((err: Error) => {
          if (!res.headersSent) ex.json(500, { code: 500, message: `emulator error: ${err.message}`, data: null });
          else ex.destroy();
        });
    };
  }

  const apiServer = createServer(handler('api', api));
  const cdnServer = createServer(handler('cdn', cdn));
  for (const server of [apiServer, cdnServer]) server.keepAliveTimeout = options.keepAliveMs;
  const apiPort = await listen(apiServer, options.port);
  const cdnPort = await listen(cdnServer, options.cdnPort);
  cdnUrl = `http://127.0.0.1:${cdnPort}`;
  Object.assign(options, { port: apiPort, cdnPort }); // what was actually bound (0 picks one)

  const emulator: Emulator = {
    url: `http://127.0.0.1:${apiPort}`,
    cdnUrl,
    requests,
    faults,
    options,
    store,
    renders,
    setOptions(patch) {
      Object.assign(options, resolveOptions({ ...options, ...patch }));
    },
    async waitFor(pred, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pred()) {
        if (Date.now() > deadline) throw new Error(`emulator.waitFor: condition not met within ${timeoutMs} ms`);
        await sleep(5);
      }
    },
    issueToken(clientId = `test-${++requestNo}`) {
      const user = store.userForClient(clientId, options.startingCredits);
      return { token: store.issueToken(user, options.tokenTtlMs).token, userId: user.id, clientId };
    },
    setCredits(userId, availableCredits) {
      const user = store.users.get(userId);
      if (!user) throw new Error(`no user ${userId}`);
      user.granted = user.consumed + user.frozen + availableCredits;
    },
    expireToken(token) {
      const record = store.tokens.get(token);
      if (record) record.expiresAt = Date.now() - 1;
    },
    setDraft(sessionId, rawDraft) {
      const session = store.sessions.get(sessionId);
      if (!session) throw new Error(`no session ${sessionId}`);
      JSON.parse(rawDraft); // must be JSON; kept as given
      session.draftJson = rawDraft;
    },
    queueBulkStream(bytes) {
      bulkBytes = bytes;
    },
    reset() {
      store.clear();
      renders.clear();
      faults.clear();
      requests.length = 0;
      bulkBytes = 0;
      editTurns = 0;
    },
    async close() {
      closing.abort();
      renderer.stop();
      for (const server of [apiServer, cdnServer]) server.closeAllConnections();
      await Promise.all([apiServer, cdnServer].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
  return emulator;
}
