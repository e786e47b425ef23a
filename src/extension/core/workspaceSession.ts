// The current session id per workspace (workspaceState), so reopening the editor continues the same
// timeline. The SessionKeeper that replaces a lost session comes from the client bundle.
import type * as vscode from 'vscode';
import type { SessionStore } from '../../nemo';

const KEY = 'nemo.sessionId';

export class WorkspaceSessionStore implements SessionStore {
  constructor(private readonly state: vscode.Memento) {}

  async get(): Promise<string | undefined> {
    const id = this.state.get<unknown>(KEY);
    return typeof id === 'string' && id !== '' ? id : undefined;
  }

  async set(id: string): Promise<void> {
    await this.state.update(KEY, id);
  }

  async clear(): Promise<void> {
    await this.state.update(KEY, undefined);
  }
}
