// The emulator: the API origin (every endpoint of the contract, in memory, routed by API_ROUTES)
// and a second origin that serves render outputs, both real HTTP servers on 127.0.0.1. Requests
// are recorded and may draw a scripted fault before their handler runs.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { apiRouter } from './api';
import { serveOutput } from './cdn';
import { handleControl } from './control';
import { applyEarlyFault, Exchange } from './exchange';
import { FaultScript } from './faults';
import { resolveOptions, type EmulatorOptions, type ResolvedOptions } from './options';
import { fastForward, type RenderJob } from './renders';
import type { Store } from './store';
import { EmulatorWorld } from './world';

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
  /** Moves every unfinished render `ms` further along, as if that much time had passed. */
  fastForwardRenders(ms: number): void;
  /** Forgets all state, recorded requests and faults (options stay). */
  reset(): void;
  /** Forgets the free tokens given, so the anonymous-token limits start over (reset() does it too). */
  resetTokenLimits(): void;
}

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

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const options = resolveOptions(opts);
  const world = new EmulatorWorld(options);
  const { store, renders } = world;
  const faults = new FaultScript();
  const requests: RecordedRequest[] = [];
  let requestNo = 0;

  function handler(origin: 'api' | 'cdn', route: (ex: Exchange, world: EmulatorWorld) => Promise<void> | void) {
    return (req: IncomingMessage, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (origin === 'api' && url.pathname.startsWith('/__emulator/')) {
        void handleControl(emulator, req, res, url);
        return;
      }
      const record: RecordedRequest = { origin, method: req.method ?? 'GET', path: url.pathname + url.search, headers: flatHeaders(req), at: Date.now() };
      requests.push(record);
      res.on('finish', () => (record.status = res.statusCode));
      const ex = new Exchange(req, res, url, faults.take(origin, record.method, url.pathname), `req_${++requestNo}`);
      applyEarlyFault(ex)
        .then((done) => (done ? undefined : route(ex, world)))
        .catch((err: Error) => {
          if (!res.headersSent) ex.json(500, { code: 500, message: `emulator error: ${err.message}`, data: null });
          else ex.destroy();
        });
    };
  }

  const apiServer = createServer(handler('api', (ex) => apiRouter.dispatch(ex, world)));
  const cdnServer = createServer(handler('cdn', serveOutput));
  for (const server of [apiServer, cdnServer]) server.keepAliveTimeout = options.keepAliveMs;
  const apiPort = await listen(apiServer, options.port);
  const cdnPort = await listen(cdnServer, options.cdnPort);
  world.cdnUrl = `http://127.0.0.1:${cdnPort}`;
  Object.assign(options, { port: apiPort, cdnPort }); // what was actually bound (0 picks one)

  const emulator: Emulator = {
    url: `http://127.0.0.1:${apiPort}`,
    cdnUrl: world.cdnUrl,
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
      world.queueBulkStream(bytes);
    },
    fastForwardRenders(ms) {
      fastForward(renders.values(), ms);
    },
    resetTokenLimits() {
      store.resetTokenLimits();
    },
    reset() {
      world.reset();
      faults.clear();
      requests.length = 0;
    },
    async close() {
      world.closing.abort();
      world.renderer.stop();
      for (const server of [apiServer, cdnServer]) server.closeAllConnections();
      await Promise.all([apiServer, cdnServer].map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    },
  };
  return emulator;
}
