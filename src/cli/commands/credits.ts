// `nemo credits`: the balance, in the same words the chat uses.
import * as l10n from '@vscode/l10n';
import { creditsLine } from '../../chat';
import type { CliContext } from '../context';

export async function runCredits(ctx: CliContext): Promise<void> {
  const c = await ctx.client.getCredits(ctx.signal);
  const lines = [creditsLine(undefined, c.available)];
  if (c.frozen > 0) lines.push(l10n.t('{0} more are reserved for work in progress.', c.frozen));
  ctx.out.result({ available: c.available, frozen: c.frozen, total: c.total }, lines);
}
