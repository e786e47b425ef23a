// `nemo status`: the folder's timeline. A read, so a lost session is simply replaced.
import * as l10n from '@vscode/l10n';
import { isUnreadable, summarizeDraft, type DraftReading } from '../../draft';
import type { CliContext } from '../context';

/** The tracks as --json shows them: what a script needs, without the draft's raw metadata. */
export function tracksForJson(draft: DraftReading | undefined): Array<Record<string, unknown>> {
  if (isUnreadable(draft)) return [];
  return (draft?.tracks ?? []).map((t) => ({
    type: t.kind,
    segments: t.segments.map((s) => ({ start: s.start, duration: s.duration, name: s.name, text: s.text, volume: s.volume })),
  }));
}

/** Whether --json's `tracks` tell the whole timeline: `readable: false` means there is a draft this version cannot read. */
function draftForJson(draft: DraftReading | undefined): { readable: boolean; format: string } | null {
  if (draft === undefined) return null;
  return isUnreadable(draft) ? { readable: false, format: draft.format } : { readable: true, format: 'short-keys' };
}

export async function runStatus(ctx: CliContext): Promise<void> {
  const state = await ctx.sessions.run((sid) => ctx.client.getState(sid, ctx.signal), { safeToRetry: true, signal: ctx.signal });
  const summary = summarizeDraft(state.draft);
  // Nemo's web editor draws every format: the way to see a timeline this version cannot.
  const lines = isUnreadable(state.draft) ? [summary, l10n.t("To see it, open the project in Nemo's web editor: nemo open")] : [summary];
  ctx.out.result({ sessionId: state.sessionId, summary, draft: draftForJson(state.draft), tracks: tracksForJson(state.draft) }, lines);
}
