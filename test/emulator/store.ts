// In-memory accounts, tokens and sessions. Credits are per user (one user per client id, as the
// backend gives one anonymous identity per client id); tokens expire; sessions keep the draft as
// JSON *text* so the state endpoint can hand back exactly the bytes a test planted.

import { randomBytes, randomInt, randomUUID } from 'node:crypto';

export interface User {
  id: string;
  clientId: string;
  granted: number;
  consumed: number;
  frozen: number;
}

export interface TokenRecord {
  token: string;
  userId: string;
  expiresAt: number;
}

export interface Session {
  id: string; // a long digit string, beyond Number.MAX_SAFE_INTEGER on purpose
  taskId: string;
  userId: string;
  taskName: string;
  language: string;
  /** The draft as JSON text, or undefined before the first generation. */
  draftJson: string | undefined;
  videoInfos: Record<string, unknown>[];
  generatedMedia: Record<string, unknown>[];
  canvasConfig: { width: number; height: number };
  videoAnalyses: Record<string, unknown>[];
  turns: number; // run_sse calls that started a stream
  /** The text of every message run_sse received, in order (tests read what a front end sent). */
  messages: string[];
  runningTurns: number;
  /** A request the agent asked questions about ("…, ask me first"): done when the answer comes. */
  askedAbout?: string;
}

/** A claim token given for a session (POST /api/auth/claim-token), kept for tests to check. */
export interface ClaimRecord {
  claimToken: string;
  userId: string;
  sessionId: string;
  /** The task id the request named; undefined when it named none. */
  taskId: string | undefined;
  expiresAt: number;
}

export function available(user: User): number {
  return user.granted - user.consumed - user.frozen;
}

export class Store {
  readonly users = new Map<string, User>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly sessions = new Map<string, Session>();
  /** Every claim token given, in order. */
  readonly claims: ClaimRecord[] = [];
  private readonly tokenRequests = new Map<string, number[]>();

  userForClient(clientId: string, startingCredits: number): User {
    for (const user of this.users.values()) if (user.clientId === clientId) return user;
    const user: User = { id: `anon_${randomBytes(6).toString('hex')}`, clientId, granted: startingCredits, consumed: 0, frozen: 0 };
    this.users.set(user.id, user);
    return user;
  }

  issueToken(user: User, ttlMs: number, now = Date.now()): TokenRecord {
    const record: TokenRecord = { token: `nmv_usr_${randomBytes(24).toString('hex')}`, userId: user.id, expiresAt: now + ttlMs };
    this.tokens.set(record.token, record);
    return record;
  }

  /** The user behind a valid, unexpired token; undefined means 1001. */
  authenticate(authorization: string | undefined, now = Date.now()): User | undefined {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    const record = match ? this.tokens.get(match[1]) : undefined;
    if (!record || record.expiresAt <= now) return undefined;
    return this.users.get(record.userId);
  }

  /**
   * The real service's limits on free tokens: at most `perClient` per client id and `perIp` per
   * address within `windowMs` (0: no limit). True when this one may be given (it is then counted);
   * otherwise how long until the oldest counted one leaves the window.
   */
  allowTokenRequest(clientId: string, ip: string, limits: { perClient: number; perIp: number; windowMs: number }, now = Date.now()): { ok: true } | { ok: false; retryAfterMs: number } {
    const recent = (key: string) => (this.tokenRequests.get(key) ?? []).filter((t) => now - t < limits.windowMs);
    const byClient = recent(`client:${clientId}`);
    const byIp = recent(`ip:${ip}`);
    const full = [limits.perClient > 0 && byClient.length >= limits.perClient ? byClient : undefined,
      limits.perIp > 0 && byIp.length >= limits.perIp ? byIp : undefined].filter((l): l is number[] => l !== undefined);
    if (full.length > 0) return { ok: false, retryAfterMs: Math.max(...full.map((l) => l[0] + limits.windowMs - now)) };
    this.tokenRequests.set(`client:${clientId}`, [...byClient, now]);
    this.tokenRequests.set(`ip:${ip}`, [...byIp, now]);
    return { ok: true };
  }

  /** Forgets every free token given, so the limits start over (tests). */
  resetTokenLimits(): void {
    this.tokenRequests.clear();
  }

  createSession(user: User, taskName: string, language: string): Session {
    let id = String(randomInt(1, 10)); // no leading zero
    while (id.length < 19) id += String(randomInt(0, 10));
    const session: Session = {
      id,
      taskId: randomUUID(),
      userId: user.id,
      taskName,
      language,
      draftJson: undefined,
      videoInfos: [],
      generatedMedia: [],
      canvasConfig: { width: 1920, height: 1080 },
      videoAnalyses: [],
      turns: 0,
      messages: [],
      runningTurns: 0,
    };
    this.sessions.set(id, session);
    return session;
  }

  /** A short-lived claim token for a session: single purpose, never a long-lived `nmv_` token. */
  issueClaim(user: User, session: Session, taskId: string | undefined, ttlMs: number, now = Date.now()): ClaimRecord {
    const record: ClaimRecord = { claimToken: `clm_${randomBytes(16).toString('hex')}`, userId: user.id, sessionId: session.id, taskId, expiresAt: now + ttlMs };
    this.claims.push(record);
    return record;
  }

  /** The session if it exists and belongs to this user (another user's session is "not found"). */
  sessionFor(user: User, sessionId: unknown): Session | undefined {
    const session = typeof sessionId === 'string' ? this.sessions.get(sessionId) : undefined;
    return session && session.userId === user.id ? session : undefined;
  }

  clear(): void {
    this.users.clear();
    this.tokens.clear();
    this.sessions.clear();
    this.claims.length = 0;
    this.resetTokenLimits();
  }
}
