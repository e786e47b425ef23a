// `nemo chat "<message>"` (and `nemo answer`): routed exactly like @nemo. Export, credits, status and upload requests
// run those actions without sending anything to the agent; everything else streams.
import * as l10n from '@vscode/l10n';
import { routeIntent } from '../../chat';
import { NemoError } from '../../nemo/errors';
import { assertSendable } from '../../nemo/turn';
import type { CliContext } from '../context';
import { runCredits } from './credits';
import { runExport } from './export';
import { runStatus } from './status';
import { answerQuestions } from './questions';
import { runShownTurn, turnFields, turnLines } from './turn';

/** `newSession`: --new-session. A message then runs in a new session, kept only if the turn was not refused. */
export async function runChat(ctx: CliContext, message: string, { newSession = false } = {}): Promise<void> {
  switch (routeIntent(message)) {
    case 'export':
      return runExport(ctx);
    case 'export-local':
      return runExport(ctx, { local: true });
    case 'credits':
      return runCredits(ctx);
    case 'status':
      return runStatus(ctx);
    case 'upload':
      // A terminal has no attachment: the files are named on the command line.
      throw new NemoError('invalid-input', l10n.t('To upload media, name the files or URLs: nemo upload <file|url>...'));
    case 'message': {
      // An edit of a lost timeline must not run on the new, empty one.
      const run = (session?: string) => runShownTurn(ctx, message, { safeToRetry: false, ...(session !== undefined ? { session } : {}) });
      // A refused turn changes no stored state: the new session becomes the folder's once the turn ran.
      if (newSession) assertSendable(message);
      const turn = await answerQuestions(ctx, newSession ? await ctx.sessions.runInNewSession(run, ctx.signal) : await run());
      ctx.out.result(turnFields(turn), turnLines(turn));
    }
  }
}

/**
 * `nemo answer "<text>"`: the answer to the agent's questions, sent as the next message of this
 * folder's session as it is (never routed: "1. Export format?: MP4" is an answer, not an export).
 */
export async function runAnswer(ctx: CliContext, text: string): Promise<void> {
  const turn = await answerQuestions(ctx, await runShownTurn(ctx, text, { safeToRetry: false }));
  ctx.out.result(turnFields(turn), turnLines(turn));
}
