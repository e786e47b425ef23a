// One message to the agent, shown as it streams: the reply on stdout (stderr under --json), the
// "still working" and broken-stream notes on stderr, then the timeline summary. Shared by
// `nemo chat` and `nemo generate`.
import * as l10n from '@vscode/l10n';
import { creditsLine } from '../../chat';
import { describeChanges, summarizeDraft } from '../../draft';
import type { TurnOutcome } from '../../nemo/turnRunner';
import type { CliContext } from '../context';
import { formatElapsed } from '../progressText';

export interface ShownTurn {
  outcome: TurnOutcome;
  /** The reply as shown: control sequences stripped. */
  text: string;
  summary: string;
  /** What changed in the draft, in words ('' when nothing did). */
  changed: string;
}

/** A new generation spends about this much: below it, warn (never ask). */
const LOW_BALANCE = 100;

export async function runShownTurn(ctx: CliContext, message: string, opts: { safeToRetry: boolean; withCredits?: boolean }): Promise<ShownTurn> {
  let shown = '';
  // The timeline is about to change: a render of the old one must not be resumed as if current.
  await ctx.pendingRender.clear();
  const outcome = await ctx.client.runTurn(ctx.sessions, message, {
    onEvent: (e) => {
      if (e.type === 'text') shown += ctx.out.replyText(e.text);
    },
    onStillWorking: (ms) => ctx.out.note(l10n.t('Still working… {0}', formatElapsed(ms))),
    onBroken: () => ctx.out.note(l10n.t('The reply stream broke. The message is not sent again; watching the timeline for changes instead.')),
    onChange: (changes) => ctx.out.note(describeChanges(changes)),
    withCredits: opts.withCredits,
    signal: ctx.signal,
    safeToRetryOnLostSession: opts.safeToRetry,
  });
  shown += ctx.out.endReply();

  if (outcome.streamErrors.length > 0) {
    // The agent said it failed: not a broken stream, and the message may have changed the timeline.
    throw new Error(l10n.t('the agent reported an error: {0}. Check the timeline with nemo status before sending it again',
      outcome.streamErrors.join('; ')));
  }
  const after = outcome.creditsAfter;
  if (after) {
    ctx.out.note(creditsLine(outcome.creditsBefore?.available, after.available));
    if (after.available < LOW_BALANCE) ctx.out.note(l10n.t('Warning: a new video costs about {0} credits.', LOW_BALANCE));
  }
  const draft = (outcome.stateAfter ?? outcome.stateBefore).draft;
  return { outcome, text: shown, summary: summarizeDraft(draft), changed: outcome.changeDescription };
}

/** The human lines after a turn: what changed when the agent said nothing, then the timeline. */
export function turnLines(t: ShownTurn): string[] {
  return t.outcome.silent && t.changed !== '' ? [t.changed, t.summary] : [t.summary];
}

export function turnFields(t: ShownTurn): Record<string, unknown> {
  return { text: t.text, summary: t.summary, changed: t.changed };
}
