// Sessions: creating one, and keeping "the current session" of a workspace (CLI: per working
// directory; extension: per workspace). A lost session (1002) is replaced by a new one, the caller
// is told the old timeline is gone, and the operation is retried only where that is safe: a read,
// or a new generation that does not depend on the lost timeline. Never an edit of it.
import * as l10n from '@vscode/l10n';
import { NemoError, isNemoError, wasRefused } from './errors';
import { rawValueAt } from './rawJson';
import type { Transport } from './transport';

export interface SessionInfo {
  /** A long digit string: kept as text, never turned into a number. */
  sessionId: string;
  taskId?: string;
  userId?: string;
}

export interface SessionStore {
  get(): Promise<string | undefined>;
  set(id: string): Promise<void>;
}

export const CREATE_SESSION_PATH = '/api/tasks/me/with-session/nemo_agent';

/**
 * Reads an id field as a string. When the server sent it as a bare JSON number (a digit string too
 * long for a double), the number's source text is taken from the raw body, not the parsed value.
 */
export function idField(rawBody: string, path: ReadonlyArray<string>, parsed: unknown): string | undefined {
  if (typeof parsed === 'string') return parsed;
  if (typeof parsed === 'number') {
    const raw = rawValueAt(rawBody, path);
    return raw !== undefined && /^-?\d+$/.test(raw) ? raw : String(parsed);
  }
  return undefined;
}

export async function createSession(t: Transport, language: string, signal?: AbortSignal): Promise<SessionInfo> {
  const res = await t.call<Record<string, unknown> | null>('POST', CREATE_SESSION_PATH, {
    body: { task_name: 'project', language },
    signal,
  });
  const d = res.data ?? {};
  const sessionId = idField(res.rawBody, ['data', 'session_id'], d.session_id);
  if (!sessionId) throw new NemoError('protocol', l10n.t('The new session has no session_id.'), { path: CREATE_SESSION_PATH });
  return {
    sessionId,
    taskId: idField(res.rawBody, ['data', 'task_id'], d.task_id),
    userId: typeof d.user_id === 'string' ? d.user_id : undefined,
  };
}

export interface SessionKeeperOptions {
  store: SessionStore;
  create: (signal?: AbortSignal) => Promise<SessionInfo>;
  /** The old session is gone (1002): its timeline with it. Called after the new one exists. */
  onSessionLost?: (oldId: string, newId: string) => void;
}

export interface RunInSessionOptions {
  /** True for reads and new generations; false for an edit of the current timeline. */
  safeToRetry: boolean;
  signal?: AbortSignal;
}

export class SessionKeeper {
  private creating: Promise<string> | undefined;

  constructor(private readonly opts: SessionKeeperOptions) {}

  /** The current session id if there is one; never creates one (opening a project that does not exist). */
  stored(): Promise<string | undefined> {
    return this.opts.store.get();
  }

  /** The current session id, created on first use. */
  async current(signal?: AbortSignal): Promise<string> {
    const stored = await this.opts.store.get();
    if (stored) return stored;
    return this.startNew(signal);
  }

  /** Starts a new session and makes it current (`--new-session`, "new project"). */
  startNew(signal?: AbortSignal): Promise<string> {
    this.creating ??= (async () => {
      try {
        const { sessionId } = await this.opts.create(signal);
        await this.opts.store.set(sessionId);
        return sessionId;
      } finally {
        this.creating = undefined;
      }
    })();
    return this.creating;
  }

  /**
   * Runs `op` in a new session that becomes current only once `op` was not refused: a turn the
   * server turned away (2001, 429, 1001: nothing ran) leaves the folder on the timeline it had.
   */
  async runInNewSession<T>(op: (sessionId: string) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const { sessionId } = await this.opts.create(signal);
    let result: T;
    try {
      result = await op(sessionId);
    } catch (e) {
      if (!wasRefused(e)) await this.opts.store.set(sessionId);
      throw e;
    }
    await this.opts.store.set(sessionId);
    return result;
  }

  /**
   * Runs `op` in the current session. On 1002 a new session is made and reported; `op` runs again
   * in it only when `safeToRetry`. Otherwise the session-lost error is thrown with
   * details.newSessionId, so the caller can say "the old timeline is gone" and stop.
   */
  async run<T>(op: (sessionId: string) => Promise<T>, opts: RunInSessionOptions): Promise<T> {
    const sessionId = await this.current(opts.signal);
    try {
      return await op(sessionId);
    } catch (e) {
      if (!isNemoError(e) || e.kind !== 'session-lost') throw e;
      const newId = await this.replaceLost(sessionId, opts.signal);
      if (!opts.safeToRetry) {
        throw new NemoError('session-lost', e.message, {
          code: e.code, status: e.status, path: e.path, requestId: e.requestId, didNothing: e.didNothing, cause: e,
          details: { ...e.details, oldSessionId: sessionId, newSessionId: newId },
        });
      }
      return op(newId);
    }
  }

  /** Replaces a session the server no longer knows; concurrent callers get the same new one. */
  async replaceLost(oldId: string, signal?: AbortSignal): Promise<string> {
    const stored = await this.opts.store.get();
    if (stored && stored !== oldId) return stored;
    const newId = await this.startNew(signal);
    this.opts.onSessionLost?.(oldId, newId);
    return newId;
  }
}
