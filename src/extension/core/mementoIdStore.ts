// One id kept in a Memento under a key: the installation's client id (globalState) and the
// workspace's current session (workspaceState) are both this. A value that is not a non-empty
// string (edited, or written by another version) reads as none.
import type * as vscode from 'vscode';
import type { ClientIdStore, SessionStore } from '../../nemo';

export class MementoIdStore implements ClientIdStore, SessionStore {
  constructor(
    private readonly state: vscode.Memento,
    private readonly key: string,
  ) {}

  async get(): Promise<string | undefined> {
    const id = this.state.get<unknown>(this.key);
    return typeof id === 'string' && id !== '' ? id : undefined;
  }

  async set(id: string): Promise<void> {
    await this.state.update(this.key, id);
  }

  async clear(): Promise<void> {
    await this.state.update(this.key, undefined);
  }
}
