// What a finished turn came to, decided once for every front end (chat, commands, panel, CLI, the
// language-model tools and the MCP server): the agent failed, it asks a question and waits, the
// stream broke or timed out, or it finished (with text, or silently with what changed). The front
// ends only place the words; none decides on its own whether a turn failed.
import * as l10n from '@vscode/l10n';
import { summarizeDraft } from '../draft/summary';
import { NemoError, isNemoError } from '../nemo/errors';
import type { TurnOutcome } from '../nemo/turnRunner';
import { questionsOf, type AgentQuestions } from './questions';
import { creditsLine } from './replyWording';

/**
 * - `done`: the turn ran to its end (with text, or silently: then `changed` says what it did);
 * - `failed`: the agent reported an error inside the stream; the front end shows `error` as a failure;
 * - `awaiting-input`: the agent asked `questions` and waits for the answer (the next message);
 * - `interrupted`: the stream broke or timed out; the message was not sent again, and what changed
 *   was read from the session state.
 */
export type TurnStatus = 'done' | 'failed' | 'awaiting-input' | 'interrupted';

/** The parts of a turn's outcome the reading depends on. */
export type FinishedTurn = Pick<TurnOutcome,
  'text' | 'toolCalls' | 'streamErrors' | 'stateBefore' | 'stateAfter' | 'changeDescription' | 'changes' | 'silent' | 'broken' | 'creditsBefore' | 'creditsAfter'>;

export interface TurnReadingContext {
  /** The session was lost before the message ran, and the message was sent again in a new one. */
  resentAfterLostSession?: boolean;
}

export interface TurnReading {
  status: TurnStatus;
  /** Set when `status` is `failed`: what the front end throws or reports (kind `agent`). */
  error?: NemoError;
  /** Set when `status` is `awaiting-input`. */
  questions?: AgentQuestions;
  /** The previous session was lost and the message was resent in a new one ('' otherwise). */
  sessionNote: string;
  /** Why the reply is incomplete: the stream broke or timed out ('' otherwise). */
  interruption: string;
  /**
   * What changed on the timeline, said when the reply alone does not tell: a silent turn, a broken
   * one, a failed one (it may have changed things before failing). '' when the text said it all.
   */
  changed: string;
  /** "This turn used 50 credits; 150 left." ('' when the balance was not read). */
  credits: string;
  /** The timeline after the turn, in the contract's one-line format. */
  summary: string;
  /** The closing lines in the order every front end shows them (summary last; `error` not included). */
  closing: string[];
}

type Interruption = Pick<NemoError, 'kind' | 'status' | 'details'>;

/** Why a turn that may have run was not seen to its end (turnRunner sets `details.interruption`). */
function causeOf(broken: Interruption): string {
  if (broken.details.interruption === 'no-answer') return l10n.t('The reply ended before the agent said or did anything');
  if (broken.details.interruption === 'server-error') return l10n.t('Nemo answered the message with a server error (HTTP {0})', broken.status ?? '5xx');
  return broken.kind === 'timeout' ? l10n.t('The reply timed out') : l10n.t('The reply stream broke');
}

/** Said while the state is polled after a turn that may have run unseen (`TurnHooks.onBroken`). */
export function brokenProgress(broken: Interruption): string {
  return l10n.t('{0}. The message is not sent again; watching the timeline for changes instead.', causeOf(broken));
}

/** The closing line of an interrupted turn. */
function interruptionOf(broken: Interruption | undefined): string {
  if (!broken) return '';
  return l10n.t('{0}; the message was not sent again. What changed was read from the timeline.', causeOf(broken));
}

/**
 * The words for a turn the person stopped after it was sent (turnRunner's `aborted` error with
 * `details.mayHaveRun`): what it changed so far, and that it may still run. Never "run it again".
 */
export function stoppedTurnWords(err: unknown): string[] {
  if (!isNemoError(err) || err.details.mayHaveRun !== true) return [l10n.t('Stopped.')];
  const changed = typeof err.details.changed === 'string' ? err.details.changed : '';
  return [
    l10n.t('Stopped waiting for the reply. The message was already sent: the agent may still change the timeline and use credits.'),
    ...(changed ? [changed] : []),
    l10n.t('Check the timeline ("status") in a minute before sending it again.'),
  ];
}

/** The error for a turn the agent reported as failed: its words are the backend's, shown as untrusted text. */
function agentError(messages: readonly string[]): NemoError {
  return new NemoError('agent', l10n.t('The agent reported an error: {0}', messages.join('; ')), {
    details: { agentError: messages.join('; ') },
  });
}

export function readTurn(turn: FinishedTurn, ctx: TurnReadingContext = {}): TurnReading {
  const failed = turn.streamErrors.length > 0;
  const questions = failed ? undefined : questionsOf(turn.toolCalls);
  const status: TurnStatus = failed ? 'failed' : turn.broken ? 'interrupted' : questions ? 'awaiting-input' : 'done';

  // A question is what the turn came to: it is neither silent nor "nothing changed".
  const saysChanges = status === 'failed' || status === 'interrupted' || (status === 'done' && turn.silent);
  const changed = !saysChanges ? ''
    : turn.stateAfter === undefined ? l10n.t('The timeline could not be read after the turn.')
    : turn.changes.length > 0 ? turn.changeDescription
    // Polling gave up, but the agent may be slower than the polls: say how to look, not "try again".
    : status === 'interrupted' ? l10n.t('Nothing has changed on the timeline yet; the message may still be running. Check the timeline ("status") later instead of sending it again.')
    : l10n.t('Nothing changed on the timeline.');
  const sessionNote = ctx.resentAfterLostSession
    ? l10n.t('The previous session was lost on the server and its timeline is gone. Your message was sent again in a new session.')
    : '';
  const interruption = interruptionOf(turn.broken);
  const credits = creditsLine(turn.creditsBefore?.available, turn.creditsAfter?.available);
  const draft = (turn.stateAfter ?? turn.stateBefore).draft;
  // Asked before making anything: "No timeline yet." would read as if the turn had failed to make it.
  const summary = status === 'awaiting-input' && draft === undefined ? '' : summarizeDraft(draft);
  return {
    status,
    ...(failed ? { error: agentError(turn.streamErrors) } : {}),
    ...(questions ? { questions } : {}),
    sessionNote,
    interruption,
    changed,
    credits,
    summary,
    closing: [sessionNote, interruption, changed, credits, summary].filter((l) => l !== ''),
  };
}
