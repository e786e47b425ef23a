// The Nemo emulator as a separate process in its own group (ffmpeg encodes are its children), and a
// typed client for its control API under /__emulator/. The harness and the extension under test
// then share nothing but HTTP, as they would with the real backend.
import { join } from 'node:path';
import { startGroup } from './processes';
import { GiveUp, waitUntil } from './steps';
import { REPO, RESULTS } from './tools';

export interface RecordedRequest {
  origin: 'api' | 'cdn';
  method: string;
  path: string;
  status?: number;
  at: number;
}

export interface EmulatorSession {
  id: string;
  userId: string;
  draftJson?: string;
  videoInfos: Record<string, unknown>[];
  turns: number;
  /** Every message run_sse received in this session, in order. */
  messages: string[];
}

export interface EmulatorRender {
  id: string;
  sessionId: string;
  rawDraft: string;
  completedAt?: number;
  failure?: string;
  cdnPath: string;
}

export interface FaultRuleJson {
  method?: string;
  path?: string;
  pathPattern?: string;
  origin?: 'api' | 'cdn';
  times?: number;
  fault: Record<string, unknown> & { kind: string };
}

export interface EmulatorProcess {
  readonly url: string;
  requests(): Promise<RecordedRequest[]>;
  sessions(): Promise<EmulatorSession[]>;
  renders(): Promise<EmulatorRender[]>;
  setOptions(patch: Record<string, unknown>): Promise<void>;
  addFaults(rules: FaultRuleJson | FaultRuleJson[]): Promise<void>;
  /** Replaces a session's draft with this exact JSON text (a hostile or unusual draft). */
  setDraft(sessionId: string, draftJson: string): Promise<void>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads `key` of a control answer as an array of objects, refusing anything else. */
function listOf<T>(body: unknown, key: string): T[] {
  const list = isObject(body) ? body[key] : undefined;
  if (!Array.isArray(list) || !list.every(isObject)) throw new Error(`emulator control: expected ${key}[] in ${JSON.stringify(body).slice(0, 200)}`);
  return list as T[];
}

export async function startEmulatorProcess(opts: { renderMs?: number; name?: string } = {}): Promise<EmulatorProcess> {
  const args = [join(REPO, 'test/emulator/main.ts'), '--port', '0', '--cdn-port', '0', '--render-ms', String(opts.renderMs ?? 2000)];
  const proc = startGroup('emulator', join(REPO, 'node_modules/.bin/tsx'), args, {
    cwd: REPO,
    logFile: join(RESULTS, 'logs', `emulator${opts.name ? `-${opts.name}` : ''}.log`),
  });
  let url: string;
  try {
    // main.ts prints the API origin as its first stdout line once it listens.
    url = await waitUntil('the emulator to listen', () => {
      if (proc.child.exitCode !== null) throw new GiveUp(`emulator exited:\n${proc.output().slice(-3000)}`);
      return /^(http:\/\/127\.0\.0\.1:\d+)\s*$/m.exec(proc.output())?.[1];
    }, 30_000, 100);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  const control = async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> => {
    const res = await fetch(`${url}/__emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer: unknown = await res.json();
    if (!res.ok) throw new Error(`emulator control ${method} ${path}: ${res.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  return {
    url,
    requests: async () => listOf<RecordedRequest>(await control('GET', 'requests'), 'requests'),
    sessions: async () => listOf<EmulatorSession>(await control('GET', 'sessions'), 'sessions'),
    renders: async () => listOf<EmulatorRender>(await control('GET', 'renders'), 'renders'),
    setOptions: async (patch) => void (await control('POST', 'options', patch)),
    addFaults: async (rules) => void (await control('POST', 'faults', rules)),
    setDraft: async (sessionId, draft) => void (await control('POST', 'drafts', { sessionId, draft })),
    reset: async () => void (await control('POST', 'reset', {})),
    stop: proc.stop,
  };
}
