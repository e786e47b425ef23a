// `nemo status`: the folder's timeline. A read, so a lost session is simply replaced.
import { summarizeDraft, type Draft } from '../../draft';
import type { CliContext } from '../context';

/** The tracks as --json shows them: what a script needs, without the draft's raw metadata. */
export function tracksForJson(draft: Draft | undefined): Array<Record<string, unknown>> {
  return (draft?.tracks ?? []).map((t) => ({
    type: t.kind,
    segments: t.segments.map((s) => ({ start: s.start, duration: s.duration, name: s.name, text: s.text, volume: s.volume })),
  }));
}

export async function runStatus(ctx: CliContext): Promise<void> {
  const state = await ctx.sessions.run((sid) => ctx.client.getState(sid, ctx.signal), { safeToRetry: true, signal: ctx.signal });
  const summary = summarizeDraft(state.draft);
  ctx.out.result({ sessionId: state.sessionId, summary, tracks: tracksForJson(state.draft) }, [summary]);
}
