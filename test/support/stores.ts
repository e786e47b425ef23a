// In-memory stand-ins for the stores the CLI (files) and the extension (SecretStorage, workspace
// state) provide. Real implementations of the interfaces, not mocks: they record what was written
// so tests can assert on it.
import type { ClientIdStore, StoredToken, TokenStore } from '../../src/nemo/auth';
import type { SessionStore } from '../../src/nemo/sessions';

export class MemoryTokenStore implements TokenStore {
  readonly byBase = new Map<string, StoredToken>();
  sets = 0;

  async get(baseUrl: string): Promise<StoredToken | undefined> {
    return this.byBase.get(baseUrl);
  }

  async set(baseUrl: string, token: StoredToken): Promise<void> {
    this.sets++;
    this.byBase.set(baseUrl, token);
  }

  async delete(baseUrl: string): Promise<void> {
    this.byBase.delete(baseUrl);
  }
}

/** A client id or a session id kept in memory (both stores hold one id). */
export class MemoryIdStore implements ClientIdStore, SessionStore {
  constructor(public id?: string) {}

  async get(): Promise<string | undefined> {
    return this.id;
  }

  async set(id: string): Promise<void> {
    this.id = id;
  }
}
