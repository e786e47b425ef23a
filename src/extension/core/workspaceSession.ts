// The current session id per workspace (workspaceState), so reopening the editor continues the same
// timeline. The SessionKeeper that replaces a lost session comes from the client bundle.
import type * as vscode from 'vscode';
import { MementoIdStore } from './mementoIdStore';

export class WorkspaceSessionStore extends MementoIdStore {
  constructor(state: vscode.Memento) {
    super(state, 'nemo.sessionId');
  }
}
