// `nemo open`: a link that opens this folder's project in Nemo's web editor. The link carries a
// short-lived claim token, never the long-lived token. It is printed always; a browser is started
// only for a person at a terminal (stdout a TTY, no --json, no --no-browser): a script gets the link.
import * as l10n from '@vscode/l10n';
import { webEditorLinkLines } from '../../chat';
import { NemoError } from '../../nemo/errors';
import { openInBrowser } from '../browser';
import type { CliContext } from '../context';
import type { CliStream } from '../output';

export async function runOpen(ctx: CliContext, opts: { browser: boolean; stdout: CliStream }): Promise<void> {
  // An open creates nothing: a folder without a session has no project to open.
  const sessionId = await ctx.sessions.stored();
  if (!sessionId) {
    throw new NemoError('invalid-input', l10n.t('this folder has no Nemo project yet. Make a video first (nemo generate "…")'));
  }
  const link = await ctx.client.webEditorLink(sessionId, ctx.global.webBase, { signal: ctx.signal });
  ctx.out.result({ url: link.url, ...(link.expiresIn !== undefined ? { expiresIn: link.expiresIn } : {}) }, webEditorLinkLines(link));
  if (!opts.browser || ctx.global.json || opts.stdout.isTTY !== true) return;
  if (!(await openInBrowser(link.url, ctx.env))) ctx.out.note(l10n.t('Could not start a browser: open the link above yourself.'));
}
