// What happened in this window, announced by the feature that did it. Views that follow the
// session (the timeline panel) subscribe; the flows never call back into them.
import * as vscode from 'vscode';
import type { TurnOutcome } from '../../nemo';
import type { ExportStage } from '../../nemo/exporter';

export type ExportEvent =
  /** A running stage (reading, queued, rendering, downloading): live progress. */
  | { kind: 'progress'; stage: ExportStage }
  /** The MP4 is saved; `sessionId` is the session it was rendered from. */
  | { kind: 'saved'; file: string; sessionId: string }
  /** The export stopped: the person cancelled it, or it failed (the error, for words). */
  | { kind: 'cancelled' | 'failed'; error: unknown };

export class WindowEvents implements vscode.Disposable {
  private readonly exports = new vscode.EventEmitter<ExportEvent>();
  private readonly turns = new vscode.EventEmitter<TurnOutcome>();
  private readonly uploads = new vscode.EventEmitter<void>();
  private readonly elsewhere = new vscode.EventEmitter<void>();

  /** Every export's progress and end: from the commands, the panel, the chat, or resumed after a reload. */
  readonly onDidExport = this.exports.event;
  /** A turn finished (from any entry point): the session may have a new or changed timeline. */
  readonly onDidFinishTurn = this.turns.event;
  /** Files were uploaded into the current session. */
  readonly onDidUpload = this.uploads.event;

  /** An agent's tool (Copilot agent mode) ran a turn or an upload: the timeline may have changed. */
  readonly onDidChangeByTool = this.elsewhere.event;

  fireExport(e: ExportEvent): void {
    this.exports.fire(e);
  }

  fireTurnFinished(outcome: TurnOutcome): void {
    this.turns.fire(outcome);
  }

  fireUploaded(): void {
    this.uploads.fire();
  }

  fireChangedByTool(): void {
    this.elsewhere.fire();
  }

  dispose(): void {
    this.exports.dispose();
    this.turns.dispose();
    this.uploads.dispose();
    this.elsewhere.dispose();
  }
}
