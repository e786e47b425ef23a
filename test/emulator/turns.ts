// One run_sse turn, end to end on the server side: plan it, freeze the credits, stream the
// script (with heartbeats and an optional silent phase), commit the draft when the tool results
// go out, then settle the credits. A scripted agent failure (fault streamError) stops the turn. The turn runs to its end even when the client has gone.

import { setTimeout as sleep } from 'node:timers/promises';
import { answeredRequest, askedFirst, planTurn, parseDraft, questionPlan, tokenEchoPlan, type TurnPlan } from './agent';
import type { Exchange } from './exchange';
import type { ResolvedOptions } from './options';
import { chunkText, SseSink } from './sse';
import { available, type Session, type User } from './store';

export interface TurnContext {
  options: ResolvedOptions;
  mediaBase: string;
  nextCounter(): number;
  /** True when this edit turn should stream no text (the silent-edit share, counter based). */
  nextEditIsSilent(): boolean;
  /** Aborted when the emulator closes: running turns stop instead of keeping the process alive. */
  closing: AbortSignal;
}

export type TurnStart = { ok: true; plan: TurnPlan } | { ok: false; code: 2001 };

/** Decides whether the turn may start; a refused turn is answered as JSON by the caller. */
export function prepareTurn(ctx: TurnContext, user: User, session: Session, prompt: string, token?: string): TurnStart {
  const echo = tokenEchoPlan(prompt, token);
  if (echo) return { ok: true, plan: echo };
  const asked = askedFirst(prompt);
  if (asked !== undefined) {
    session.askedAbout = asked;
    return { ok: true, plan: questionPlan() };
  }
  // An answer ("1. Which style?: …") to the questions asked: the request asked about, as answered.
  const request = session.askedAbout !== undefined && /^\s*1\.\s/.test(prompt) ? answeredRequest(session.askedAbout, prompt) : prompt;
  session.askedAbout = undefined;
  const plan = planTurn(request, parseDraft(session.draftJson), ctx.mediaBase, ctx.nextCounter());
  if (plan.cost > 0 && available(user) < plan.cost) return { ok: false, code: 2001 };
  return { ok: true, plan };
}

function commit(session: Session, plan: TurnPlan): void {
  if (!plan.draft) return;
  session.draftJson = JSON.stringify(plan.draft);
  const { width, height } = plan.draft.m;
  if (typeof width === 'number' && typeof height === 'number') session.canvasConfig = { width, height };
  if (plan.generatedMedia) session.generatedMedia.push(plan.generatedMedia);
}

/** What Nemo's agent sometimes adds after a normal reply (contract: noise, to be left out). */
const TEMPORARY_ISSUE = 'I encountered a temporary issue. Please try again.';

/** The generated clip alone: the draft's video tracks, before music and titles. */
function commitRawClip(session: Session, plan: TurnPlan): void {
  if (!plan.draft) return;
  session.draftJson = JSON.stringify({ ...plan.draft, t: plan.draft.t.filter((track) => track.tt === 0) });
}

export async function runTurn(ctx: TurnContext, ex: Exchange, user: User, session: Session, plan: TurnPlan): Promise<void> {
  const { turnDelayMs, heartbeatMs, sseShape } = ctx.options;
  const pause = (ms: number) => sleep(ms, undefined, { signal: ctx.closing });
  const silentText = plan.kind === 'edit' && ctx.nextEditIsSilent();
  user.frozen += plan.cost;
  session.turns += 1;
  session.runningTurns += 1;
  const sink = new SseSink(ex, sseShape);
  sink.start();
  let heartbeat: NodeJS.Timeout | undefined;
  try {
    const fault = ex.fault;
    if (fault?.kind === 'silentStream') {
      // Comments (or heartbeat events) only: the stream looks dead but for the keep-alives.
      const until = Date.now() + fault.ms;
      while (Date.now() < until && sink.connected) {
        await (fault.heartbeats ? sink.send({ type: 'heartbeat' }) : sink.comment());
        await pause(Math.min(Math.max(10, heartbeatMs), Math.max(0, until - Date.now())));
      }
      if (fault.then === 'close') sink.end();
    }
    heartbeat = setInterval(() => void sink.send({ type: 'heartbeat' }), Math.max(10, heartbeatMs));
    const lastTool = plan.steps.map((s) => s.kind).lastIndexOf('tool');
    for (const [index, step] of plan.steps.entries()) {
      if (sink.failed) break;
      if (step.kind === 'say') {
        if (silentText) continue;
        const deltas = chunkText(step.text);
        let soFar = '';
        for (let i = 0; i < deltas.length && !sink.failed; i++) {
          soFar += deltas[i];
          await pause(turnDelayMs);
          await sink.send({ type: 'text', delta: deltas[i], runText: soFar, last: i === deltas.length - 1 });
        }
      } else if (step.kind === 'ask') {
        // The agent waits for the answer: the call goes out and the stream closes, no result.
        await pause(turnDelayMs);
        await sink.send({ type: 'tool_call', id: `call_${index + 1}`, name: 'ask_question', args: step.args });
        break;
      } else {
        const id = `call_${index + 1}`;
        await pause(turnDelayMs);
        await sink.send({ type: 'tool_call', id, name: step.name, args: step.args });
        await pause(turnDelayMs);
        await sink.send({ type: 'heartbeat' }); // the tool "works" for a while
        await pause(turnDelayMs);
        await sink.send({ type: 'tool_result', id, name: step.name, result: step.result });
        // The change exists once its last tool result is out: a stream broken after this point
        // still leaves it in the state, which is what a client polling after a break must find.
        if (index === lastTool && !sink.failed) commit(session, plan);
        // Nemo's two stages: the raw clip is on the timeline before music and titles are added.
        else if (ctx.options.generationStages === 'raw-clip-first' && plan.kind === 'generation' && /generate/.test(step.name) && !sink.failed) {
          commitRawClip(session, plan);
        }
      }
    }
    if (ctx.options.trailingNoise === 'temporary-issue' && !silentText && !sink.failed && plan.steps.some((st) => st.kind === 'say')) {
      await pause(turnDelayMs);
      await sink.send({ type: 'text', delta: TEMPORARY_ISSUE, runText: TEMPORARY_ISSUE, last: true, whole: true });
    }
    // A turn the agent failed changes nothing and costs nothing.
    if (!sink.failed) user.consumed += plan.cost;
  } catch (err) {
    if (!ctx.closing.aborted) throw err; // closing the emulator ends its turns where they are
  } finally {
    clearInterval(heartbeat);
    user.frozen -= plan.cost;
    session.runningTurns -= 1;
    sink.end();
  }
}
