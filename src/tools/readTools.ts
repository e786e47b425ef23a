// The read-only tools: the timeline, the credit balance and the web editor link. Free, and never ask the person.
import * as l10n from '@vscode/l10n';
import { creditsLine, webEditorLinkLines } from '../chat';
import { NemoError } from '../nemo/errors';
import { isExportReady, summarizeDraft } from '../draft';
import type { ToolCall, ToolHost } from './toolHost';

export async function showTimeline(host: ToolHost, call: ToolCall): Promise<string> {
  const client = await host.client();
  const keeper = await host.sessions();
  // A read: after a lost session the new, empty timeline is the honest answer.
  const state = await keeper.run((sid) => client.getState(sid, call.signal), { safeToRetry: true, signal: call.signal });
  const ready = isExportReady(state.draft);
  return [
    summarizeDraft(state.draft),
    ready ? l10n.t('Ready to export: call nemo_export_video.') : l10n.t('Nothing to export yet: call nemo_generate_video first.'),
  ].join('\n');
}

export async function showCredits(host: ToolHost, call: ToolCall): Promise<string> {
  const client = await host.client();
  const c = await client.getCredits(call.signal);
  const lines = [creditsLine(undefined, c.available)];
  if (c.frozen > 0) lines.push(l10n.t('{0} more are reserved for work in progress.', c.frozen));
  lines.push(l10n.t('A new video costs about 100 credits, an edit about 50; export is free.'));
  return lines.join('\n');
}

/** The link to the current project in Nemo's web editor (a claim link: never the long-lived token). Opening creates nothing. */
export async function webEditorLink(host: ToolHost, call: ToolCall): Promise<string> {
  const sessionId = await (await host.sessions()).stored();
  if (!sessionId) throw new NemoError('invalid-input', l10n.t('there is no Nemo video yet. Call nemo_generate_video first'));
  const link = await (await host.client()).webEditorLink(sessionId, host.webBase(), { signal: call.signal });
  return webEditorLinkLines(link).join('\n');
}
