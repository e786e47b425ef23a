// The credits status bar item and "Nemo: Show Credits". The item follows the window's balance;
// under one generation's cost it turns to the warning colour; an anonymous user who ran out (2001)
// is offered the registration link.
import * as vscode from 'vscode';
import type { Credits } from '../../nemo';
import { registrationLink } from '../../chat';
import type { ClientProvider } from '../client/clientProvider';
import type { NemoLog } from '../core/log';
import { CreditsBalance, GENERATION_COST } from './balance';

export class CreditsStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: vscode.Disposable;

  constructor(balance: CreditsBalance) {
    this.item = vscode.window.createStatusBarItem('nemo.credits', vscode.StatusBarAlignment.Right, 100);
    this.item.name = vscode.l10n.t('Nemo Credits');
    this.item.command = 'nemo.showCredits';
    this.subscription = balance.onDidChange((c) => this.show(c));
    if (balance.current) this.show(balance.current);
  }

  private show(credits: Credits): void {
    this.item.text = `$(credit-card) ${credits.available}`;
    this.item.tooltip = vscode.l10n.t('Nemo credits: {0} available, {1} reserved', credits.available, credits.frozen);
    this.item.backgroundColor = credits.available < GENERATION_COST ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}

/** What reading the balance needs. */
export interface CreditsDeps {
  clients: Pick<ClientProvider, 'get'>;
  credits: CreditsBalance;
  log: Pick<NemoLog, 'info'>;
}

/**
 * The balance a new generation is judged by: the last one seen in this window, else fetched now
 * (a fresh window has seen none). Undefined when it cannot be read: the turn itself then reports why.
 */
export async function balanceBeforeGeneration(s: CreditsDeps, signal?: AbortSignal): Promise<number | undefined> {
  if (s.credits.available !== undefined) return s.credits.available;
  try {
    const credits = await (await s.clients.get()).getCredits(signal);
    s.credits.update(credits);
    return credits.available;
  } catch (err) {
    s.log.info(`Credits not known before the generation: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** "Nemo: Show Credits": fetches the balance and shows it, with the registration link when it applies. */
export async function showCredits(s: Omit<CreditsDeps, 'log'>): Promise<void> {
  const client = await s.clients.get();
  const [credits, who] = await Promise.all([client.getCredits(), client.identity()]);
  s.credits.update(credits);
  const register = vscode.l10n.t('Register for More Credits');
  const link = who.anonymous && who.userId && credits.available < GENERATION_COST ? registrationLink(who.userId) : s.credits.registrationLink();
  const message = vscode.l10n.t('Nemo credits: {0} available, {1} reserved for work in progress, {2} in total.', credits.available, credits.frozen, credits.total);
  const choice = link ? await vscode.window.showInformationMessage(message, register) : await vscode.window.showInformationMessage(message);
  if (choice === register && link) await vscode.env.openExternal(vscode.Uri.parse(link));
}
