// Turns any failure into the one sentence a person reads (src/chat's toUserMessage), logs it, and
// remembers an out-of-credits answer for the balance.
import * as vscode from 'vscode';
import { offersLocalExport, toUserMessage, type Operation } from '../../chat';
import { isAbort, isNemoError } from '../../nemo/errors';
import type { Services } from './services';

export interface Failure {
  message: string;
  cancelled: boolean;
  /** The registration link for an anonymous user who ran out of credits. */
  registerUrl?: string;
  /** A cloud export that a local one can stand in for (402, render service unreachable): offer it. */
  offerLocalExport?: boolean;
  /** No free token can be had (429 on anonymous-token): offer "Set Token…". */
  offerSetToken?: boolean;
}

export type FailureDeps = Pick<Services, 'log' | 'credits' | 'clients'>;

/** The failure in words, logged; an out-of-credits answer is remembered first (for its link). */
export function describeFailure(s: FailureDeps, err: unknown, operation: Operation): Failure {
  if (!isAbort(err)) {
    s.log.error(`${operation} failed`, err);
    if (isNemoError(err)) s.credits.noteError(err);
  }
  return failureWords(s, err, operation);
}

/**
 * The same words without logging or remembering anything: for a view that follows an event
 * whose flow already reported the failure (the panel after an export failed elsewhere).
 */
export function failureWords(s: Pick<FailureDeps, 'credits' | 'clients'>, err: unknown, operation: Operation): Failure {
  // A turn stopped after it was sent may still run: that is said, not swallowed as a cancellation.
  if (isAbort(err)) return { message: toUserMessage(err, { operation }), cancelled: !(isNemoError(err) && err.details.mayHaveRun === true) };
  const anonymousUserId = isNemoError(err) && typeof err.details.anonymousUserId === 'string' ? err.details.anonymousUserId : undefined;
  const registerUrl = isNemoError(err) && err.kind === 'out-of-credits' ? s.credits.registrationLink() : undefined;
  const offerLocalExport = offersLocalExport(err);
  const offerSetToken = isNemoError(err) && err.kind === 'free-token-limit';
  const tokenEntryHint = vscode.l10n.t('Choose "Set Token…" and paste a personal token from Nemo\'s web app (Settings → API Tokens).');
  const message = toUserMessage(err, {
    operation, tokenSource: s.clients.source(), localExportHint: vscode.l10n.t('Nemo: Export Locally'), tokenEntryHint, ...(anonymousUserId ? { anonymousUserId } : {}),
  });
  return { message, cancelled: false, ...(registerUrl ? { registerUrl } : {}), ...(offerLocalExport ? { offerLocalExport } : {}), ...(offerSetToken ? { offerSetToken } : {}) };
}
