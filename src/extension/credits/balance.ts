// The balance this window last saw, and whether an anonymous user ran out (2001). One source for
// every view of it: the status bar item and the timeline panel follow `onDidChange`.
import * as vscode from 'vscode';
import type { Credits } from '../../nemo';
import type { NemoError } from '../../nemo/errors';
import { registrationLink } from '../../chat';

/** About what one generated clip costs (contract: "about 100 credits per generated clip"). */
export const GENERATION_COST = 100;

export class CreditsBalance implements vscode.Disposable {
  private last: Credits | undefined;
  /** Set when the backend answered 2001 for an anonymous user. */
  private outOfCreditsUser: string | undefined;
  private readonly changed = new vscode.EventEmitter<Credits>();
  /** A new balance was seen (an answer to a credits request, a turn's cost, an out-of-credits error). */
  readonly onDidChange = this.changed.event;

  /** The balance last seen here; undefined until one was. */
  get current(): Credits | undefined {
    return this.last;
  }

  get available(): number | undefined {
    return this.last?.available;
  }

  update(credits: Credits): void {
    this.last = credits;
    if (credits.available >= GENERATION_COST) this.outOfCreditsUser = undefined;
    this.changed.fire(credits);
  }

  /** Remembers a 2001 so the details offer the registration link; the balance is then 0. */
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
    this.changed.dispose();
  }
}
