// "Open in Nemo's web editor" for the command, the panel's button and `@nemo /open`: this
// workspace's session, a claim link from the client (src/nemo/webEditor.ts: a short-lived claim
// token in the link, never the long-lived token), opened in the browser by VS Code. Failures are
// thrown for each caller to word with the shared failure words (operation 'open').
import * as vscode from 'vscode';
import type { WebEditorLink } from '../../nemo';
import { NemoError } from '../../nemo/errors';
import type { Services } from '../core/services';
import { readSettings } from '../core/settings';

export type WebEditorDeps = Pick<Services, 'sessions' | 'clients'>;

/** The link for this workspace's project. Opening creates nothing: no session is no project to open. */
export async function webEditorLink(s: WebEditorDeps, signal?: AbortSignal): Promise<WebEditorLink> {
  const sessionId = await s.sessions.get();
  if (!sessionId) {
    throw new NemoError('invalid-input', vscode.l10n.t('there is no Nemo project in this workspace yet. Make a video first (Nemo: Generate Video…)'));
  }
  const client = await s.clients.get();
  return client.webEditorLink(sessionId, readSettings().webBaseUrl, signal ? { signal } : {});
}

/**
 * Gets the link and hands it to the browser; false when the person declined to open it. The claim
 * token holds only URL-safe characters (the client refuses others), so `Uri.parse` and VS Code's
 * own encoding leave the link exactly as built: no double-encoded `ct`.
 */
export async function openWebEditor(s: WebEditorDeps, signal?: AbortSignal): Promise<boolean> {
  const link = await webEditorLink(s, signal);
  return vscode.env.openExternal(vscode.Uri.parse(link.url, true));
}
