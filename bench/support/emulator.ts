// The emulator as the benchmarks use it: a child process driven through its /__emulator/ control
// API, plus a Transport of our client with a token the emulator issued (no anonymous-token round
// trips inside a measurement).
import { join } from 'node:path';
import { request } from 'undici';
import type { ClientIdStore, StoredToken, TokenStore } from '../../src/nemo/auth';
import { createSession } from '../../src/nemo/sessions';
import { Transport } from '../../src/nemo/transport';
import { startServerChild, TSX } from './children';

export interface Credentials {
  token: string;
  clientId: string;
}

export interface EmulatorProcess {
  url: string;
  cdnUrl: string;
  control(path: string, body?: unknown): Promise<unknown>;
  credentials(): Promise<Credentials>;
  stop(): Promise<void>;
}

export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const child = await startServerChild<{ url: string; cdnUrl: string }>(join(__dirname, 'emulatorChild.ts'), [], { nodeArgs: TSX });
  const { url, cdnUrl } = child.info;
  const control = async (path: string, body?: unknown): Promise<unknown> => {
    const res = await request(`${url}/__emulator${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    const answer: unknown = await res.body.json();
    if (res.statusCode !== 200) throw new Error(`emulator control ${path}: HTTP ${res.statusCode} ${JSON.stringify(answer)}`);
    return answer;
  };
  return {
    url,
    cdnUrl,
    control,
    async credentials() {
      const got = (await control('/tokens')) as Partial<Credentials>;
      if (typeof got.token !== 'string' || typeof got.clientId !== 'string') throw new Error('emulator issued no token');
      return { token: got.token, clientId: got.clientId };
    },
    stop: () => child.stop(),
  };
}

/** Nothing is ever stored: the token is fixed. */
class NoTokenStore implements TokenStore {
  async get(): Promise<StoredToken | undefined> {
    return undefined;
  }
  async set(): Promise<void> {}
  async delete(): Promise<void> {}
}

class FixedClientId implements ClientIdStore {
  constructor(private readonly id: string) {}
  async get(): Promise<string> {
    return this.id;
  }
  async set(): Promise<void> {}
}

/** Our client's transport, as the CLI would build it, with a token the emulator issued. */
export function benchTransport(baseUrl: string, creds: Credentials): Transport {
  return new Transport({
    baseUrl,
    platform: 'cli',
    version: '0.0.0-bench',
    tokens: new NoTokenStore(),
    clientIds: new FixedClientId(creds.clientId),
    fixedToken: { token: creds.token, source: 'env' },
  });
}

export async function newSession(t: Transport): Promise<string> {
  return (await createSession(t, 'en')).sessionId;
}

/** The headers a hand-written reference client sends (same auth as ours). */
export function referenceHeaders(creds: Credentials): Record<string, string> {
  return { authorization: `Bearer ${creds.token}`, 'x-client-id': creds.clientId };
}
