// Ticks the Getting Started walkthrough's steps however the person did the thing (a command, the
// panel, the chat, a resumed render): context keys its `onContext:` completion events wait for
// (package.json contributes.walkthroughs). Only what really happened counts, not a cancelled input.
import * as vscode from 'vscode';
import type { WindowEvents } from './events';

export const WALKTHROUGH_KEYS = {
  /** A turn left a timeline in the session. */
  madeVideo: 'nemo.walkthrough.madeVideo',
  /** An MP4 was saved. */
  exported: 'nemo.walkthrough.exported',
  /** Files were uploaded. */
  uploaded: 'nemo.walkthrough.uploaded',
} as const;

function reached(key: string): void {
  void vscode.commands.executeCommand('setContext', key, true);
}

export function trackWalkthrough(events: WindowEvents): vscode.Disposable {
  return vscode.Disposable.from(
    events.onDidFinishTurn((outcome) => {
      if (outcome.stateAfter?.draft) reached(WALKTHROUGH_KEYS.madeVideo);
    }),
    events.onDidExport((e) => {
      if (e.kind === 'saved') reached(WALKTHROUGH_KEYS.exported);
    }),
    events.onDidUpload(() => reached(WALKTHROUGH_KEYS.uploaded)),
  );
}
