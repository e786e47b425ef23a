// Pending renders, kept in workspace state from the moment a job is submitted until its file is
// saved, so a reload (or a crash) never loses a render the person is waiting for.
import type * as vscode from 'vscode';
import type { PendingRender } from '../../nemo/exporter';

const KEY = 'nemo.pendingRenders';

function isPendingRender(v: unknown): v is PendingRender {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return ['renderId', 'sessionId', 'submittedAt', 'outDir', 'fileName'].every((k) => typeof o[k] === 'string' && o[k] !== '');
}

export class RenderJobStore {
  constructor(private readonly state: vscode.Memento) {}

  /** The stored jobs; damaged entries are dropped rather than resumed with wrong data. */
  list(): PendingRender[] {
    const v = this.state.get<unknown>(KEY);
    return Array.isArray(v) ? v.filter(isPendingRender) : [];
  }

  has(renderId: string): boolean {
    return this.list().some((j) => j.renderId === renderId);
  }

  async add(job: PendingRender): Promise<void> {
    await this.state.update(KEY, [...this.list().filter((j) => j.renderId !== job.renderId), job]);
  }

  async remove(renderId: string): Promise<void> {
    const rest = this.list().filter((j) => j.renderId !== renderId);
    await this.state.update(KEY, rest.length > 0 ? rest : undefined);
  }
}
