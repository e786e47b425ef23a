// "Nemo: Set Token…" and "Nemo: Sign Out": the personal token in secret storage, for the current
// API base; the client is rebuilt with it on next use.
import * as vscode from 'vscode';
import type { Services } from '../core/services';

export type TokenDeps = Pick<Services, 'clients' | 'log'>;

export async function setToken(s: TokenDeps): Promise<void> {
  const baseUrl = s.clients.baseUrl();
  const token = await vscode.window.showInputBox({
    title: vscode.l10n.t('Nemo: Set Token'),
    prompt: vscode.l10n.t('Paste your personal Nemo token. It is kept in the editor\'s secret storage and only sent to {0}.', baseUrl),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (/^\S{8,}$/.test(v.trim()) ? undefined : vscode.l10n.t('A token is at least 8 characters, without spaces.')),
  });
  if (!token) return;
  await s.clients.personalTokens.set(baseUrl, token.trim());
  s.log.addSecret(token.trim());
  s.clients.invalidate();
  void vscode.window.showInformationMessage(vscode.l10n.t('Nemo token saved. Requests to {0} now use it.', baseUrl));
}

export async function signOut(s: Pick<TokenDeps, 'clients'>): Promise<void> {
  const baseUrl = s.clients.baseUrl();
  const had = await s.clients.personalTokens.get(baseUrl);
  await s.clients.personalTokens.delete(baseUrl);
  s.clients.invalidate();
  // The anonymous token is kept: the backend limits how often a client may get a new one.
  void vscode.window.showInformationMessage(had
    ? vscode.l10n.t('Signed out: your personal token was removed. Nemo continues with the free anonymous token.')
    : vscode.l10n.t('There is no personal token to remove.'));
}
