// What every command, the chat participant and the timeline share in one window: the log, the
// client, the workspace's session, pending renders, the credits balance and the window's events.
// Features declare the part they use (a Pick of this), so a test or a new feature knows what to give.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { NemoClient, SessionKeeper } from '../../nemo';
import { ClientProvider, type ClientTuning } from '../client/clientProvider';
import { CreditsBalance } from '../credits/balance';
import { WindowEvents } from './events';
import { NemoLog } from './log';
import { RenderJobStore } from '../export/renderJobs';
import { WorkspaceSessionStore } from './workspaceSession';

export interface SessionLost {
  oldId: string;
  newId: string;
}

export class Services implements vscode.Disposable {
  readonly clients: ClientProvider;
  readonly sessions: WorkspaceSessionStore;
  readonly renders: RenderJobStore;
  /** Exports running in this window: "Cancel Export" aborts them (the client then cancels the job). */
  readonly runningExports = new Set<AbortController>();
  private readonly lostEmitter = new vscode.EventEmitter<SessionLost>();
  /** A session was replaced after 1002: the old timeline is gone. */
  readonly onSessionLost = this.lostEmitter.event;
  readonly credits = new CreditsBalance();
  readonly events = new WindowEvents();
  private keeper: { client: NemoClient; keeper: SessionKeeper } | undefined;

  constructor(
    readonly context: vscode.ExtensionContext,
    readonly log: NemoLog,
    env: NodeJS.ProcessEnv = process.env,
    tuning: ClientTuning = {},
  ) {
    this.clients = new ClientProvider(context, log, env, tuning);
    this.sessions = new WorkspaceSessionStore(context.workspaceState);
    this.renders = new RenderJobStore(context.workspaceState);
  }

  /** Keeps the workspace's current session, with the current client. */
  async sessionKeeper(): Promise<SessionKeeper> {
    const client = await this.clients.get();
    if (this.keeper?.client !== client) {
      const keeper = client.sessionKeeper(this.sessions, (oldId, newId) => {
        this.log.info(`Session ${oldId} was lost; continuing in ${newId}.`);
        this.lostEmitter.fire({ oldId, newId });
      });
      this.keeper = { client, keeper };
    }
    return this.keeper.keeper;
  }

  /** Where render claims live: shared by every window of this machine. */
  lockDir(): string {
    return path.join(this.context.globalStorageUri.fsPath, 'render-locks');
  }

  dispose(): void {
    // Running exports are not aborted: aborting cancels the render, and a render must survive a reload.
    this.lostEmitter.dispose();
    this.credits.dispose();
    this.events.dispose();
  }
}
