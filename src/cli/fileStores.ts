// The CLI's side of the client's storage interfaces, backed by files in $NEMO_HOME:
//  - tokens.json:    anonymous tokens keyed by API base (a token made for one base never goes to another)
//  - client-id:      the installation's X-Client-Id (the backend gives one token per client id per week,
//                    so it must survive across runs)
//  - sessions.json:  the current session per working directory and API base, so `nemo chat …` then
//                    `nemo export` work on the same timeline
//  - renders.json:   a submitted render per working directory and API base, until its MP4 is saved: a
//                    render outlives the process, so a killed `nemo export` is resumed by the next one
import * as path from 'node:path';
import type { ClientIdStore, StoredToken, TokenStore } from '../nemo/auth';
import type { PendingRender } from '../nemo/exporter';
import type { SessionStore } from '../nemo/sessions';
import { isRecord, readJsonFile, updatePrivateJson, writePrivateJson } from './privateFiles';

/** Validates what was read back: the file may have been edited by hand or written by another version. */
function toStoredToken(v: unknown): StoredToken | undefined {
  if (!isRecord(v) || typeof v.token !== 'string' || v.token === '') return undefined;
  return {
    token: v.token,
    userId: typeof v.userId === 'string' ? v.userId : undefined,
    expiresAt: typeof v.expiresAt === 'string' ? v.expiresAt : undefined,
    anonymous: v.anonymous !== false,
  };
}

/**
 * A JSON object file of string keys; each call re-reads it, and each update edits it under its lock,
 * so concurrent runs see each other's writes and never drop them.
 */
class KeyedJsonFile {
  constructor(private readonly file: string) {}

  async read(): Promise<Record<string, unknown>> {
    const v = await readJsonFile(this.file);
    return isRecord(v) ? v : {};
  }

  update(edit: (all: Record<string, unknown>) => void): Promise<void> {
    return updatePrivateJson(this.file, (current) => {
      const all = isRecord(current) ? current : {};
      edit(all);
      return all;
    });
  }
}

export class FileTokenStore implements TokenStore {
  private readonly file: KeyedJsonFile;

  constructor(home: string) {
    this.file = new KeyedJsonFile(path.join(home, 'tokens.json'));
  }

  async get(baseUrl: string): Promise<StoredToken | undefined> {
    return toStoredToken((await this.file.read())[baseUrl]);
  }

  async set(baseUrl: string, token: StoredToken): Promise<void> {
    await this.file.update((all) => {
      all[baseUrl] = { ...token };
    });
  }

  async delete(baseUrl: string): Promise<void> {
    await this.file.update((all) => {
      delete all[baseUrl];
    });
  }
}

export class FileClientIdStore implements ClientIdStore {
  private readonly file: string;

  constructor(home: string) {
    this.file = path.join(home, 'client-id.json');
  }

  async get(): Promise<string | undefined> {
    const v = await readJsonFile(this.file);
    return isRecord(v) && typeof v.clientId === 'string' && v.clientId !== '' ? v.clientId : undefined;
  }

  async set(id: string): Promise<void> {
    await writePrivateJson(this.file, { clientId: id });
  }
}

/** Sessions are keyed by API base and working directory: one timeline per project folder per backend. */
export function sessionKey(baseUrl: string, cwd: string): string {
  return `${baseUrl} ${path.resolve(cwd)}`;
}

/** The current session of one folder on one backend, in sessions.json beside the other folders'. */
export class FileSessionStore implements SessionStore {
  private readonly file: KeyedJsonFile;
  private readonly key: string;

  constructor(home: string, baseUrl: string, cwd: string) {
    this.file = new KeyedJsonFile(path.join(home, 'sessions.json'));
    this.key = sessionKey(baseUrl, cwd);
  }

  async get(): Promise<string | undefined> {
    const v = (await this.file.read())[this.key];
    return typeof v === 'string' && v !== '' ? v : undefined;
  }

  async set(sessionId: string): Promise<void> {
    await this.file.update((all) => {
      all[this.key] = sessionId;
    });
  }
}

function toPendingRender(v: unknown): PendingRender | undefined {
  if (!isRecord(v)) return undefined;
  const { renderId, sessionId, submittedAt, outDir, fileName } = v;
  return typeof renderId === 'string' && typeof sessionId === 'string' && typeof submittedAt === 'string'
    && typeof outDir === 'string' && typeof fileName === 'string'
    ? { renderId, sessionId, submittedAt, outDir, fileName }
    : undefined;
}

/** The render this folder submitted and has not downloaded yet. */
export class FilePendingRenderStore {
  private readonly file: KeyedJsonFile;
  private readonly key: string;

  constructor(home: string, baseUrl: string, cwd: string) {
    this.file = new KeyedJsonFile(path.join(home, 'renders.json'));
    this.key = sessionKey(baseUrl, cwd);
  }

  async get(): Promise<PendingRender | undefined> {
    return toPendingRender((await this.file.read())[this.key]);
  }

  async set(job: PendingRender): Promise<void> {
    await this.file.update((all) => {
      all[this.key] = { ...job };
    });
  }

  async clear(): Promise<void> {
    if ((await this.get()) === undefined) return;
    await this.file.update((all) => {
      delete all[this.key];
    });
  }
}
