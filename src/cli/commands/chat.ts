// `nemo chat "<message>"`: routed exactly like @nemo. Export, credits, status and upload requests
// run those actions without sending anything to the agent; everything else streams.
import * as l10n from '@vscode/l10n';
import { routeIntent } from '../../chat';
import { NemoError } from '../../nemo/errors';
import type { CliContext } from '../context';
import { runCredits } from './credits';
import { runExport } from './export';
import { runStatus } from './status';
import { runShownTurn, turnFields, turnLines } from './turn';

export async function runChat(ctx: CliContext, message: string): Promise<void> {
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
      const turn = await runShownTurn(ctx, message, { safeToRetry: false });
      ctx.out.result(turnFields(turn), turnLines(turn));
    }
  }
}
