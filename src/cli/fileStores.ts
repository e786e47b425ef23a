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
 * A JSON object file of string keys, each value checked by `valid` when read back; each call
 * re-reads it, and each change edits it under its lock, so concurrent runs see each other's
 * writes and never drop them. Tokens are keyed by API base, sessions and renders by folder.
 */
class KeyedJsonFile<T> {
  constructor(
    private readonly file: string,
    private readonly valid: (v: unknown) => T | undefined,
  ) {}

  async get(key: string): Promise<T | undefined> {
    const all = await readJsonFile(this.file);
    return isRecord(all) ? this.valid(all[key]) : undefined;
  }

  set(key: string, value: T): Promise<void> {
    return this.edit((all) => {
      all[key] = value;
    });
  }

  delete(key: string): Promise<void> {
    return this.edit((all) => {
      delete all[key];
    });
  }

  private edit(change: (all: Record<string, unknown>) => void): Promise<void> {
    return updatePrivateJson(this.file, (current) => {
      const all = isRecord(current) ? current : {};
      change(all);
      return all;
    });
  }
}

export class FileTokenStore implements TokenStore {
  private readonly file: KeyedJsonFile<StoredToken>;

  /** `observe` sees every token read or stored: the output registers it for redaction. */
  constructor(home: string, private readonly observe: (token: string) => void = () => undefined) {
    this.file = new KeyedJsonFile(path.join(home, 'tokens.json'), toStoredToken);
  }

  async get(baseUrl: string): Promise<StoredToken | undefined> {
    const stored = await this.file.get(baseUrl);
    if (stored) this.observe(stored.token);
    return stored;
  }

  set(baseUrl: string, token: StoredToken): Promise<void> {
    this.observe(token.token);
    return this.file.set(baseUrl, { ...token });
  }

  delete(baseUrl: string): Promise<void> {
    return this.file.delete(baseUrl);
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

const toSessionId = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function toPendingRender(v: unknown): PendingRender | undefined {
  if (!isRecord(v)) return undefined;
  const { renderId, sessionId, submittedAt, outDir, fileName } = v;
  return typeof renderId === 'string' && typeof sessionId === 'string' && typeof submittedAt === 'string'
    && typeof outDir === 'string' && typeof fileName === 'string'
    ? { renderId, sessionId, submittedAt, outDir, fileName }
    : undefined;
}

/** One value per working directory and API base, in a file beside the other folders' values. */
class FolderEntry<T> {
  private readonly file: KeyedJsonFile<T>;
  private readonly key: string;

  constructor(file: string, valid: (v: unknown) => T | undefined, baseUrl: string, cwd: string) {
    this.file = new KeyedJsonFile(file, valid);
    this.key = sessionKey(baseUrl, cwd);
  }

  get(): Promise<T | undefined> {
    return this.file.get(this.key);
  }

  set(value: T): Promise<void> {
    return this.file.set(this.key, value);
  }

  async clear(): Promise<void> {
    if ((await this.get()) === undefined) return;
    await this.file.delete(this.key);
  }
}

/** The current session of one folder on one backend, in sessions.json. */
export class FileSessionStore extends FolderEntry<string> implements SessionStore {
  constructor(home: string, baseUrl: string, cwd: string) {
    super(path.join(home, 'sessions.json'), toSessionId, baseUrl, cwd);
  }
}

/** The render this folder submitted and has not downloaded yet, in renders.json. */
export class FilePendingRenderStore extends FolderEntry<PendingRender> {
  constructor(home: string, baseUrl: string, cwd: string) {
    super(path.join(home, 'renders.json'), toPendingRender, baseUrl, cwd);
  }
}
