// Where the extension keeps what identifies it to the backend. Tokens live only in SecretStorage,
// keyed by API base URL so a token made for one base is never sent to another; the client id is
// not a secret and lives in globalState.
import type * as vscode from 'vscode';
import type { StoredToken, TokenStore } from '../../nemo';
import { MementoIdStore } from '../core/mementoIdStore';

const ANONYMOUS_PREFIX = 'nemo.anonymousToken:';
const PERSONAL_PREFIX = 'nemo.personalToken:';
const CLIENT_ID_KEY = 'nemo.clientId';

function parseStoredToken(text: string | undefined): StoredToken | undefined {
  if (!text) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null) return undefined;
    const o = v as Record<string, unknown>;
    if (typeof o.token !== 'string' || o.token === '') return undefined;
    return {
      token: o.token,
      anonymous: o.anonymous !== false,
      ...(typeof o.userId === 'string' ? { userId: o.userId } : {}),
      ...(typeof o.expiresAt === 'string' ? { expiresAt: o.expiresAt } : {}),
    };
  } catch {
    return undefined; // a damaged entry is treated as absent: the client asks for a new token
  }
}

/** The client's TokenStore over SecretStorage: the anonymous token per base URL. */
export class SecretTokenStore implements TokenStore {
  /** `observe` sees every token read or stored: the log registers it for redaction. */
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly observe: (token: string) => void = () => undefined,
  ) {}

  async get(baseUrl: string): Promise<StoredToken | undefined> {
    const stored = parseStoredToken(await this.secrets.get(ANONYMOUS_PREFIX + baseUrl));
    if (stored) this.observe(stored.token);
    return stored;
  }

  async set(baseUrl: string, token: StoredToken): Promise<void> {
    this.observe(token.token);
    await this.secrets.store(ANONYMOUS_PREFIX + baseUrl, JSON.stringify(token));
  }

  async delete(baseUrl: string): Promise<void> {
    await this.secrets.delete(ANONYMOUS_PREFIX + baseUrl);
  }
}

/** A personal token the person pasted with "Nemo: Set Token…", also per base URL. */
export class PersonalTokenStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(baseUrl: string): Promise<string | undefined> {
    return (await this.secrets.get(PERSONAL_PREFIX + baseUrl)) || undefined;
  }

  async set(baseUrl: string, token: string): Promise<void> {
    await this.secrets.store(PERSONAL_PREFIX + baseUrl, token);
  }

  async delete(baseUrl: string): Promise<void> {
    await this.secrets.delete(PERSONAL_PREFIX + baseUrl);
  }
}

export class GlobalStateClientIdStore extends MementoIdStore {
  constructor(state: vscode.Memento) {
    super(state, CLIENT_ID_KEY);
  }
}

/** Which token the client should use: NEMO_TOKEN wins, then a personal token; else undefined (anonymous). */
export async function fixedTokenFor(
  env: NodeJS.ProcessEnv,
  personal: PersonalTokenStore,
  baseUrl: string,
): Promise<{ token: string; source: 'env' | 'user' } | undefined> {
  const fromEnv = env.NEMO_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, source: 'env' };
  const stored = await personal.get(baseUrl);
  return stored ? { token: stored, source: 'user' } : undefined;
}
