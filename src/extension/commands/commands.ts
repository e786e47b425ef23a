// The "Nemo: …" commands: everything works without a Chat view (VSCodium, code-server, Chat off).
import * as vscode from 'vscode';
import { UPLOAD_FORMATS } from '../../nemo/fileTypes';
import { checkConnection } from '../client/checkConnection';
import { collectGeneration, withDefaults } from './generateInput';
import { answerFromChat } from '../chat/questionPicks';
import { describeFailure } from '../core/failures';
import { noticeText } from '../../shared/safeText';
import type { Services } from '../core/services';
import { showFailure, type NemoTimelineController } from '../timeline/timelineController';
import { uploadWithNotification } from '../upload/uploadFlow';
import { setToken, signOut } from '../auth/tokenCommands';
import { cancelExports } from '../export/exportFlow';

/** The explorer passes the clicked file and the whole selection; the editor title passes one. */
export function selectedFiles(clicked: unknown, selection: unknown): string[] {
  const list = Array.isArray(selection) && selection.length > 0 ? selection : clicked ? [clicked] : [];
  const active = vscode.window.activeTextEditor?.document.uri;
  const uris = (list.length > 0 ? list : active ? [active] : []).filter((u): u is vscode.Uri => u instanceof vscode.Uri && u.scheme === 'file');
  return [...new Set(uris.map((u) => u.fsPath))];
}

/** An open dialog for media files Nemo accepts; [] when the person cancels. */
async function pickMediaFiles(): Promise<string[]> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: true,
    openLabel: vscode.l10n.t('Upload to Nemo'),
    filters: { [vscode.l10n.t('Media files')]: [...UPLOAD_FORMATS] },
  });
  return (picked ?? []).filter((u) => u.scheme === 'file').map((u) => u.fsPath);
}

/** A prompt passed as the argument (keybindings, automation) skips the steps and takes their defaults. */
export async function generateVideo(controller: NemoTimelineController, prompt?: unknown): Promise<void> {
  const message = typeof prompt === 'string' && prompt.trim() ? withDefaults(prompt.trim()) : await collectGeneration();
  if (message === undefined || !(await controller.confirmGeneration())) return;
  await controller.show();
  await controller.runTurn(message, true);
}

export async function sendMessage(controller: NemoTimelineController, given?: unknown): Promise<void> {
  const text = typeof given === 'string' ? given : await vscode.window.showInputBox({
    title: vscode.l10n.t('Nemo: Send Message'),
    prompt: vscode.l10n.t('What should Nemo do with the timeline?'),
    placeHolder: vscode.l10n.t('e.g. add upbeat background music, or make it 9:16'),
    ignoreFocusOut: true,
  });
  if (!text?.trim()) return;
  await controller.show();
  await controller.prompt(text.trim());
}

/** Wraps a command so a failure becomes the one human sentence instead of a stack trace. */
function guarded(s: Services, fn: (...args: unknown[]) => unknown): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    try {
      await fn(...args);
    } catch (err) {
      const f = describeFailure(s, err, 'connect');
      if (!f.cancelled) showFailure(f);
    }
  };
}

export function registerCommands(s: Services, controller: NemoTimelineController): vscode.Disposable[] {
  const table: Record<string, (...args: unknown[]) => unknown> = {
    'nemo.generateVideo': (prompt) => generateVideo(controller, prompt),
    'nemo.sendMessage': (text) => sendMessage(controller, text),
    'nemo.exportVideo': () => controller.exportVideo(),
    'nemo.exportLocally': () => controller.exportLocally(),
    'nemo.showTimeline': () => controller.show(),
    'nemo.openWebEditor': () => controller.openWebEditor(),
    'nemo.showCredits': () => controller.showCredits(),
    'nemo.newSession': () => controller.newSession(),
    'nemo.setToken': () => setToken(s),
    'nemo.signOut': () => signOut(s),
    // A chat button under the agent's question (its arguments say which option was clicked).
    'nemo.answerQuestion': (choice) => answerFromChat(choice),
    'nemo.cancelExport': () => cancelExports(s),
    'nemo.showLog': () => s.log.show(),
    'nemo.checkConnection': () => checkConnection(s),
    'nemo.uploadFiles': async (clicked, selection) => {
      // With nothing selected (the walkthrough's button, a keybinding) the person picks the files.
      const files = selectedFiles(clicked, selection);
      if (files.length === 0) files.push(...await pickMediaFiles());
      if (files.length === 0) return;
      const uploaded = await uploadWithNotification(s, files);
      if (uploaded) {
        // The names come back from the server.
        void vscode.window.showInformationMessage(noticeText(vscode.l10n.t('Uploaded to Nemo: {0}', uploaded.map((u) => u.filename).join(', '))));
      }
    },
  };
  return Object.entries(table).map(([id, fn]) => vscode.commands.registerCommand(id, guarded(s, fn)));
}
