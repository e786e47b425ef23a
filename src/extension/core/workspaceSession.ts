// The current session id per workspace (workspaceState), so reopening the editor continues the same
// timeline. The SessionKeeper that replaces a lost session comes from the client bundle. Whether
// there is one is the context key `nemo.hasSession`: commands that need a project (Open in Nemo
// Web Editor) are enabled by it.
import * as vscode from 'vscode';
import { MementoIdStore } from './mementoIdStore';

export const HAS_SESSION_KEY = 'nemo.hasSession';

export class WorkspaceSessionStore extends MementoIdStore {
  constructor(state: vscode.Memento) {
    super(state, 'nemo.sessionId');
    void this.get().then((id) => this.announce(id));
  }

  override async set(id: string): Promise<void> {
    await super.set(id);
    this.announce(id);
  }

  override async clear(): Promise<void> {
    await super.clear();
    this.announce(undefined);
  }

  private announce(id: string | undefined): void {
    void vscode.commands.executeCommand('setContext', HAS_SESSION_KEY, id !== undefined);
  }
}
