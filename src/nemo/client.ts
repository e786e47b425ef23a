// NemoClient: the one facade the CLI and the extension use. It wires the transport (auth, headers,
// retries) to the resource modules and holds the options that apply to every call.
import { getCredits, type Credits } from './credits';
import { cancelRender } from './renders';
import { exportVideo, resumeExport, type ExportOptions, type ExportResult, type PendingRender, type ResumeOptions } from './exporter';
import { SessionKeeper, createSession, type SessionInfo, type SessionStore } from './sessions';
import { getState, type SessionState } from './state';
import { Transport, defaultSleep, type Sleep, type TransportOptions } from './transport';
import { assertSendable, sendMessage, type Turn } from './turn';
import { streamTiming, type StreamTiming } from './streamTiming';
import { InProcessTurnLocks, type TurnLocks } from './turnLocks';
import { runTurn, type TurnHooks, type TurnOutcome } from './turnRunner';
import { uploadFiles, uploadUrls, type UploadOptions, type UploadedFile } from './uploads';
import { claimToken, webEditorLink, type ClaimToken, type WebEditorLink } from './webEditor';

/** Everything the transport takes (base URL, identity, headers, timeouts), plus what the flows need. */
export interface NemoClientOptions extends Omit<TransportOptions, 'bodyTimeoutMs'> {
  /** Session language: 'en', 'zh', ... Default 'en'. */
  language?: string;
  /** Fixes both the render polling and the broken-stream state polling. */
  pollIntervalMs?: number;
  /** The reply stream's limits (streamTiming.ts); what is left out keeps the documented default. */
  streamTiming?: Partial<StreamTiming>;
  /** "Still working…" interval during a silent turn. Default 2 minutes. */
  stillWorkingMs?: number;
  /** One turn at a time per session; default: within this process (the CLI hands in one across processes). */
  turnLocks?: TurnLocks;
}

/** Every client of this process shares one table: the editor rebuilds its client when settings change. */
const PROCESS_TURN_LOCKS = new InProcessTurnLocks();

export interface SendMessageOptions {
  signal?: AbortSignal;
}

export class NemoClient {
  readonly transport: Transport;
  private readonly sleep: Sleep;
  private readonly timing: StreamTiming;

  constructor(private readonly opts: NemoClientOptions) {
    this.sleep = opts.sleep ?? defaultSleep;
    this.timing = streamTiming(opts.streamTiming);
    this.transport = new Transport({ ...opts, sleep: this.sleep });
  }

  get baseUrl(): string {
    return this.transport.baseUrl;
  }

  /** Who the requests run as; acquires an anonymous token if there is none yet. */
  async identity(signal?: AbortSignal): Promise<{ userId?: string; anonymous: boolean }> {
    const t = await this.transport.auth.token(signal);
    return { userId: t.userId, anonymous: t.anonymous };
  }

  createSession(signal?: AbortSignal): Promise<SessionInfo> {
    return createSession(this.transport, this.opts.language ?? 'en', signal);
  }

  /** The current session of a workspace (store), replaced and reported when the server lost it. */
  sessionKeeper(store: SessionStore, onSessionLost?: (oldId: string, newId: string) => void): SessionKeeper {
    return new SessionKeeper({ store, create: (signal) => this.createSession(signal), onSessionLost });
  }

  getState(sessionId: string, signal?: AbortSignal): Promise<SessionState> {
    return getState(this.transport, sessionId, signal);
  }

  getCredits(signal?: AbortSignal): Promise<Credits> {
    return getCredits(this.transport, signal);
  }

  /** The raw stream of one message; see runTurn for the whole turn. */
  sendMessage(sessionId: string, text: string, opts: SendMessageOptions = {}): Turn {
    return sendMessage(this.transport, sessionId, text, {
      signal: opts.signal,
      idleTimeoutMs: this.timing.socketIdleMs,
      maxTurnMs: this.timing.maxTurnMs,
    });
  }

  /**
   * A whole turn. Given a SessionKeeper, runs in its current session; a lost session (1002) is
   * replaced and the message sent again there only when hooks.safeToRetryOnLostSession.
   */
  async runTurn(session: string | SessionKeeper, text: string, hooks: TurnHooks = {}): Promise<TurnOutcome> {
    // Before the session is read or made: a blank message costs no request at all.
    assertSendable(text);
    const locks = this.opts.turnLocks ?? PROCESS_TURN_LOCKS;
    const run = async (sessionId: string): Promise<TurnOutcome> => {
      // Held from the first read of the state to the last, so a second turn sees this one's edit.
      const release = await locks.acquire(sessionId, { signal: hooks.signal, onWaiting: hooks.onWaitingForTurn });
      try {
        return await runTurn(this.transport, sessionId, text, hooks, {
          sleep: this.sleep,
          pollIntervalMs: this.opts.pollIntervalMs,
          stillWorkingMs: this.opts.stillWorkingMs,
          idleTimeoutMs: this.timing.socketIdleMs,
          maxTurnMs: this.timing.maxTurnMs,
          heartbeatOnlyMs: this.timing.heartbeatOnlyMs,
        });
      } finally {
        await release();
      }
    };
    if (typeof session === 'string') return run(session);
    return session.run(run, { safeToRetry: hooks.safeToRetryOnLostSession ?? false, signal: hooks.signal });
  }

  upload(sessionId: string, paths: readonly string[], opts: UploadOptions = {}): Promise<UploadedFile[]> {
    return uploadFiles(this.transport, sessionId, paths, opts);
  }

  uploadUrls(sessionId: string, urls: readonly string[], opts: { signal?: AbortSignal } = {}): Promise<UploadedFile[]> {
    return uploadUrls(this.transport, sessionId, urls, opts);
  }

  exportVideo(sessionId: string, opts: ExportOptions): Promise<ExportResult> {
    return exportVideo(this.transport, sessionId, { sleep: this.sleep, intervalMs: this.opts.pollIntervalMs, ...opts });
  }

  resumeExport(job: PendingRender, opts: ResumeOptions = {}): Promise<ExportResult> {
    return resumeExport(this.transport, job, { sleep: this.sleep, intervalMs: this.opts.pollIntervalMs, ...opts });
  }

  cancelRender(renderId: string, signal?: AbortSignal): Promise<void> {
    return cancelRender(this.transport, renderId, { signal });
  }

  /** A short-lived claim token for the session (its task id read from the state when not given). */
  claimToken(sessionId: string, taskId?: string, signal?: AbortSignal): Promise<ClaimToken> {
    return claimToken(this.transport, sessionId, taskId, signal);
  }

  /** The link that opens the session in Nemo's web editor at `webBase`; no long-lived token in it. */
  webEditorLink(sessionId: string, webBase: string, opts: { taskId?: string; signal?: AbortSignal } = {}): Promise<WebEditorLink> {
    return webEditorLink(this.transport, sessionId, webBase, opts);
  }
}
