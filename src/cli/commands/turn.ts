// One message to the agent, shown as it streams: the reply on stdout (stderr under --json), the
// "still working" and broken-stream notes on stderr, then what the turn came to (src/chat's
// readTurn: failed, waiting for an answer, interrupted or done) and the timeline summary. Shared by
// `nemo chat`, `nemo generate` and `nemo answer`.
import * as l10n from '@vscode/l10n';
import { brokenProgress, describeToolResult, readTurn, turnQueuedWords, type TurnReading } from '../../chat';
import { describeChanges } from '../../draft';
import { wasRefused } from '../../nemo/errors';
import { assertSendable } from '../../nemo/turn';
import type { TurnOutcome } from '../../nemo/turnRunner';
import type { CliContext } from '../context';
import { formatElapsed } from '../progressText';
import { questionFields, unansweredLines } from './questions';

export interface ShownTurn {
  outcome: TurnOutcome;
  reading: TurnReading;
  /** The reply as shown: control sequences stripped. */
  text: string;
}

/** A new generation spends about this much: below it, warn (never ask). */
const LOW_BALANCE = 100;

/**
 * Runs one turn and says how it ended. A turn the agent reported as failed throws its error after
 * the closing notes (exit 1): it ran, so what it changed is said first.
 */
export async function runShownTurn(
  ctx: CliContext,
  message: string,
  opts: { safeToRetry: boolean; withCredits?: boolean; /** A session not yet the folder's current one. */ session?: string },
): Promise<ShownTurn> {
  // Refused before anything is read, made or cleared: a blank message changes nothing.
  assertSendable(message);
  let shown = '';
  const sessionBefore = opts.session ?? await ctx.sessions.current(ctx.signal);
  let outcome: TurnOutcome;
  try {
    outcome = await ctx.client.runTurn(opts.session ?? ctx.sessions, message, {
      onEvent: (e) => {
        if (e.type === 'text') shown += ctx.out.replyText(e.text);
        const done = e.type === 'tool_result' ? describeToolResult(e.name) : undefined;
        if (done) ctx.out.note(done);
      },
      onStillWorking: (ms) => ctx.out.note(l10n.t('Still working… {0}', formatElapsed(ms))),
      onBroken: (err) => ctx.out.note(brokenProgress(err)),
      onChange: (changes) => ctx.out.note(describeChanges(changes)),
      onWaitingForTurn: () => ctx.out.note(`${turnQueuedWords()} ${l10n.t('Press Ctrl-C to stop.')}`),
      withCredits: opts.withCredits,
      signal: ctx.signal,
      safeToRetryOnLostSession: opts.safeToRetry,
    });
  } catch (e) {
    // A turn the server refused ran nothing: the render of the current timeline stays resumable.
    if (!wasRefused(e)) await ctx.pendingRender.clear();
    throw e;
  }
  // The timeline may have changed: a render of the old one must not be resumed as if current.
  await ctx.pendingRender.clear();
  shown += ctx.out.endReply();

  const reading = readTurn(outcome, { resentAfterLostSession: outcome.sessionId !== sessionBefore });
  // An interruption was said when it happened (onBroken); what it came to is in `changed`.
  for (const note of [reading.sessionNote, reading.credits]) if (note) ctx.out.note(note);
  if (outcome.creditsAfter && outcome.creditsAfter.available < LOW_BALANCE) {
    ctx.out.note(l10n.t('Warning: a new video costs about {0} credits.', LOW_BALANCE));
  }
  if (reading.error) {
    if (reading.changed) ctx.out.note(reading.changed);
    throw reading.error;
  }
  return { outcome, reading, text: shown };
}

/**
 * The human lines after a turn: the questions still waiting for an answer, or what changed when the
 * reply does not say it, then the timeline.
 */
export function turnLines(t: ShownTurn): string[] {
  if (t.reading.questions) return unansweredLines(t.reading.questions);
  return [t.reading.changed, t.reading.summary].filter((l) => l !== '');
}

export function turnFields(t: ShownTurn): Record<string, unknown> {
  const questions = t.reading.questions ? { questions: questionFields(t.reading.questions) } : {};
  return { status: t.reading.status, text: t.text, summary: t.reading.summary, changed: t.reading.changed, ...questions };
}
