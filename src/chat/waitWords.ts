// The words for waits nobody asked for, the same in the terminal, the chat and the notifications:
// before Nemo is asked again (the transport's `onWait`: what is waited out and for how long), and
// for another turn on the same session to finish.
import * as l10n from '@vscode/l10n';
import type { NemoErrorKind } from '../nemo/errors';

interface WaitToTell {
  kind: NemoErrorKind;
  status?: number;
  /** What is left of the wait. */
  delayMs: number;
}

export function retryWaitWords(wait: WaitToTell): string {
  const seconds = Math.max(1, Math.ceil(wait.delayMs / 1000));
  if (wait.kind === 'rate-limited') return l10n.t('Nemo is receiving too many requests: trying again in {0} s.', seconds);
  if (wait.status !== undefined && wait.status >= 500) return l10n.t('The Nemo service had a problem (HTTP {0}): trying again in {1} s.', wait.status, seconds);
  return l10n.t('Nemo did not answer: trying again in {0} s.', seconds);
}

/** A turn waits for the one running on its session (src/nemo/turnLocks.ts). */
export function turnQueuedWords(): string {
  return l10n.t('Another turn is running on this session: waiting for it to finish…');
}
