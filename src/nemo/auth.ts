// Which token a request carries, and when a new one is asked for.
// A fixed token (NEMO_TOKEN or a personal token) always wins and is never replaced: when the server
// refuses it, the user is told that token is invalid and no anonymous token is requested. Otherwise
// the anonymous token stored for this base URL is used; a new one is asked for only when there is
// none, it has expired, or the server refused it with 1001 (the backend limits how often one client
// id may ask). Concurrent callers share one in-flight acquisition. A 429 on that request means no
// new free token for days: this client does not ask again (a new client, after "Set Token…", may).
import * as l10n from '@vscode/l10n';
import { NemoError, isNemoError } from './errors';

export interface StoredToken {
  token: string;
  userId?: string;
  /** ISO-8601, as the server gave it. */
  expiresAt?: string;
  anonymous: boolean;
}

/** Tokens are kept per API base URL: a token made for one base is never sent to another. */
export interface TokenStore {
  get(baseUrl: string): Promise<StoredToken | undefined>;
  set(baseUrl: string, token: StoredToken): Promise<void>;
  delete(baseUrl: string): Promise<void>;
}

export interface ClientIdStore {
  get(): Promise<string | undefined>;
  set(id: string): Promise<void>;
}

export interface FixedToken {
  token: string;
  /** 'env': NEMO_TOKEN; 'user': a personal token the user entered. Only changes the wording. */
  source: 'env' | 'user';
}

/** Asks the server for an anonymous token (POST /api/auth/anonymous-token, no Authorization). */
export type AnonymousTokenRequest = (signal?: AbortSignal) => Promise<StoredToken>;

export interface AuthOptions {
  baseUrl: string;
  tokens: TokenStore;
  fixedToken?: FixedToken;
  requestAnonymousToken: AnonymousTokenRequest;
  now?: () => number;
}

export class Auth {
  private inFlight: Promise<StoredToken> | undefined;
  /** The server said no new free token for days (429 on anonymous-token): not asked again by this client. */
  private refusal: NemoError | undefined;

  constructor(private readonly opts: AuthOptions) {}

  get usesFixedToken(): boolean {
    return this.opts.fixedToken !== undefined;
  }

  /** The token for the next request, acquiring one if there is none or it has expired. */
  async token(signal?: AbortSignal): Promise<StoredToken> {
    const fixed = this.opts.fixedToken;
    if (fixed) return { token: fixed.token, anonymous: false };
    const stored = await this.opts.tokens.get(this.opts.baseUrl);
    if (stored && !this.expired(stored)) return stored;
    return this.acquire(signal);
  }

  /**
   * The server refused `rejected` with 1001. Returns a token to retry with: the one another caller
   * already fetched meanwhile, or a new anonymous one. A fixed token cannot be replaced: throws.
   */
  async refresh(rejected: string, signal?: AbortSignal): Promise<StoredToken> {
    const fixed = this.opts.fixedToken;
    if (fixed) throw invalidFixedToken(fixed);
    const stored = await this.opts.tokens.get(this.opts.baseUrl);
    if (stored && stored.token !== rejected && !this.expired(stored)) return stored;
    if (stored?.token === rejected) await this.opts.tokens.delete(this.opts.baseUrl);
    return this.acquire(signal);
  }

  private expired(t: StoredToken): boolean {
    if (!t.expiresAt) return false;
    const at = Date.parse(t.expiresAt);
    // No slack: a token that expires on the way is refused with 1001 and replaced then, once.
    return !Number.isNaN(at) && at <= (this.opts.now ?? Date.now)();
  }

  private acquire(signal?: AbortSignal): Promise<StoredToken> {
    // Shared by every concurrent caller; not tied to one caller's signal, so one cancelled
    // request does not fail the others waiting on the same acquisition.
    if (this.refusal) return Promise.reject(this.refusal);
    this.inFlight ??= (async () => {
      try {
        const fresh = await this.opts.requestAnonymousToken().catch((e: unknown) => {
          if (isNemoError(e) && e.kind === 'free-token-limit') this.refusal = e;
          throw e;
        });
        await this.opts.tokens.set(this.opts.baseUrl, fresh);
        return fresh;
      } finally {
        this.inFlight = undefined;
      }
    })();
    return signal ? raceAbort(this.inFlight, signal) : this.inFlight;
  }
}

export function invalidFixedToken(fixed: FixedToken): NemoError {
  const message = fixed.source === 'env'
    ? l10n.t('The NEMO_TOKEN environment variable holds a token that the server refused (1001: expired or invalid). Set a valid NEMO_TOKEN or unset it to use a free anonymous token.')
    : l10n.t('Your Nemo token was refused by the server (1001: expired or invalid). Enter a new token or sign out to use a free anonymous token.');
  return new NemoError('auth', message, { code: 1001, details: { fixedToken: fixed.source } });
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortedError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function abortedError(cause?: unknown): NemoError {
  return new NemoError('aborted', l10n.t('The request was cancelled.'), { cause });
}

/** Parses the anonymous-token answer (`data` of the envelope). */
export function parseAnonymousToken(data: unknown): StoredToken {
  if (typeof data !== 'object' || data === null) {
    throw new NemoError('protocol', l10n.t('The anonymous-token answer has no data.'));
  }
  const d = data as Record<string, unknown>;
  if (typeof d.token !== 'string' || d.token === '') {
    throw new NemoError('protocol', l10n.t('The anonymous-token answer has no token.'));
  }
  return {
    token: d.token,
    userId: typeof d.user_id === 'string' ? d.user_id : undefined,
    expiresAt: typeof d.expires_at === 'string' ? d.expires_at : undefined,
    anonymous: true,
  };
}
