// Turns any failure into the one sentence a person reads (src/chat's toUserMessage), logs it, and
// remembers an out-of-credits answer for the status bar.
import { toUserMessage, type Operation } from '../../chat';
import { isAbort, isNemoError } from '../../nemo/errors';
import type { Services } from './services';

export interface Failure {
  message: string;
  cancelled: boolean;
  /** The registration link for an anonymous user who ran out of credits. */
  registerUrl?: string;
}

export function describeFailure(s: Services, err: unknown, operation: Operation): Failure {
  if (isAbort(err)) return { message: toUserMessage(err, { operation }), cancelled: true };
  s.log.error(`${operation} failed`, err);
  if (isNemoError(err)) s.credits?.noteError(err);
  const anonymousUserId = isNemoError(err) && typeof err.details.anonymousUserId === 'string' ? err.details.anonymousUserId : undefined;
  const registerUrl = isNemoError(err) && err.kind === 'out-of-credits' ? s.credits?.registrationLink() : undefined;
  const message = toUserMessage(err, { operation, tokenSource: s.clients.source(), ...(anonymousUserId ? { anonymousUserId } : {}) });
  return { message, cancelled: false, ...(registerUrl ? { registerUrl } : {}) };
}
