// The credits status bar item and "Nemo: Show Credits". Under one generation's cost the item turns
// to the warning colour; an anonymous user who ran out (2001) is offered the registration link.
import * as vscode from 'vscode';
import type { Credits } from '../../nemo';
import type { NemoError } from '../../nemo/errors';
import { registrationLink } from '../../chat';
import type { Services } from '../core/services';

/** About what one generated clip costs (contract: "about 100 credits per generated clip"). */
export const GENERATION_COST = 100;


export class CreditsStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private last: Credits | undefined;
  /** Set when the backend answered 2001 for an anonymous user. */
  private outOfCreditsUser: string | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('nemo.credits', vscode.StatusBarAlignment.Right, 100);
    this.item.name = vscode.l10n.t('Nemo Credits');
    this.item.command = 'nemo.showCredits';
  }

  get available(): number | undefined {
    return this.last?.available;
  }

  update(credits: Credits): void {
    this.last = credits;
    if (credits.available >= GENERATION_COST) this.outOfCreditsUser = undefined;
    this.item.text = `$(credit-card) ${credits.available}`;
    this.item.tooltip = vscode.l10n.t('Nemo credits: {0} available, {1} reserved', credits.available, credits.frozen);
    this.item.backgroundColor = credits.available < GENERATION_COST ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  /** Remembers a 2001 so the details offer the registration link. */
  noteError(e: NemoError): void {
    if (e.kind !== 'out-of-credits') return;
    const user = e.details.anonymousUserId; // set by the client only for an anonymous token
    if (typeof user === 'string' && user !== '') this.outOfCreditsUser = user;
    if (this.last) this.update({ ...this.last, available: 0 });
  }

  registrationLink(): string | undefined {
    return this.outOfCreditsUser ? registrationLink(this.outOfCreditsUser) : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}

/**
 * The balance a new generation is judged by: the last one seen in this window, else fetched now
 * (a fresh window has seen none). Undefined when it cannot be read: the turn itself then reports why.
 */
export async function balanceBeforeGeneration(s: Services, signal?: AbortSignal): Promise<number | undefined> {
  if (s.credits?.available !== undefined) return s.credits.available;
  try {
    const credits = await (await s.clients.get()).getCredits(signal);
    s.credits?.update(credits);
    return credits.available;
  } catch (err) {
    s.log.info(`Credits not known before the generation: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

/** "Nemo: Show Credits": fetches the balance and shows it, with the registration link when it applies. */
export async function showCredits(s: Services): Promise<void> {
  const client = await s.clients.get();
  const [credits, who] = await Promise.all([client.getCredits(), client.identity()]);
  s.credits?.update(credits);
  const register = vscode.l10n.t('Register for More Credits');
  const link = who.anonymous && who.userId && credits.available < GENERATION_COST ? registrationLink(who.userId) : s.credits?.registrationLink();
  const message = vscode.l10n.t('Nemo credits: {0} available, {1} reserved for work in progress, {2} in total.', credits.available, credits.frozen, credits.total);
  const choice = link ? await vscode.window.showInformationMessage(message, register) : await vscode.window.showInformationMessage(message);
  if (choice === register && link) await vscode.env.openExternal(vscode.Uri.parse(link));
}
