// The tools that send a message to the agent: generate (a new project), edit (the current one) and
// answer (the agent's open question). Each turn is read by src/chat's readTurn, the same reading the
// chat, the commands and the CLI use, and told to the model as text it can act on.
import * as l10n from '@vscode/l10n';
import { describeTool, foldGenerateOptions, readTurn, translateGuiPhrases, turnQueuedWords, type AspectRatio } from '../chat';
import { formatAnswer, type AgentQuestions } from '../chat/questions';
import { NemoError } from '../nemo/errors';
import type { SessionKeeper } from '../nemo/sessions';
import type { ToolCall, ToolHost } from './toolHost';

/** The agent's reply is passed on, but a model does not need pages of it. */
const MAX_REPLY_CHARS = 4000;

function agentText(text: string): string {
  const clean = translateGuiPhrases(text).text.trim();
  return clean.length > MAX_REPLY_CHARS ? `${clean.slice(0, MAX_REPLY_CHARS)}…` : clean;
}

function questionLines(qs: AgentQuestions): string[] {
  const lines = [qs.title ? l10n.t('The Nemo agent asks ({0}) and waits for the answer:', qs.title) : l10n.t('The Nemo agent asks and waits for the answer:')];
  qs.questions.forEach((q, i) => {
    const labels = q.options.map((o) => `"${o.label}"`).join(', ');
    lines.push(q.allowMultiple ? l10n.t('{0}. {1} Options (one or more): {2}', i + 1, q.prompt, labels) : l10n.t('{0}. {1} Options: {2}', i + 1, q.prompt, labels));
  });
  lines.push(l10n.t('Ask the user if you cannot choose for them, then call nemo_answer_question with one answer per question.'));
  return lines;
}

interface TurnRequest {
  message: string;
  /** A new generation may be sent again in a new session when the old one was lost; an edit never. */
  safeToRetry: boolean;
  newSession: boolean;
}

/**
 * A new generation runs in a new session that becomes current only when the turn was not refused
 * (out of credits, rate-limited): a refusal leaves the timeline the agent was working on current.
 */
async function runTurnTool(host: ToolHost, call: ToolCall, req: TurnRequest): Promise<string> {
  const keeper = await host.sessions();
  try {
    if (req.newSession) return await keeper.runInNewSession((sessionId) => sendTurn(host, call, req, sessionId), call.signal);
    return await sendTurn(host, call, req, keeper);
  } finally {
    // Even a broken or cancelled turn may have changed the timeline on the server.
    host.announce?.({ kind: 'timeline' });
  }
}

async function sendTurn(host: ToolHost, call: ToolCall, req: TurnRequest, session: string | SessionKeeper): Promise<string> {
  const client = await host.client();
  const sessionBefore = typeof session === 'string' ? session : await session.current(call.signal);
  // The timeline is about to change: a render of the old one must not be resumed as if current.
  for (const job of await host.renders.list()) if (job.sessionId === sessionBefore) await host.renders.remove(job.renderId);
  host.questions.set(sessionBefore, undefined);
  call.progress?.(l10n.t('Sending the message to the Nemo agent…'));
  const outcome = await client.runTurn(session, req.message, {
    signal: call.signal,
    withCredits: true,
    safeToRetryOnLostSession: req.safeToRetry,
    onEvent: (e) => {
      if (e.type === 'tool_call') call.progress?.(describeTool(e.name));
    },
    onStillWorking: () => call.progress?.(l10n.t('Still working…')),
    onWaitingForTurn: () => call.progress?.(turnQueuedWords()),
  });
  const reading = readTurn(outcome, { resentAfterLostSession: outcome.sessionId !== sessionBefore });
  if (reading.error) throw reading.error;
  if (reading.questions) host.questions.set(outcome.sessionId, reading.questions);

  const lines: string[] = [];
  const reply = agentText(outcome.text);
  if (reply !== '') lines.push(l10n.t('The Nemo agent said: {0}', reply));
  if (reading.questions) lines.push(...questionLines(reading.questions));
  lines.push(...reading.closing);
  if (reading.status === 'done') lines.push(l10n.t('Next: nemo_edit_video to change it, nemo_export_video to save the MP4.'));
  return lines.join('\n');
}

export interface GenerateInput {
  prompt: string;
  ratio?: AspectRatio;
  durationSeconds?: number;
  music?: boolean;
}

export function generateVideo(host: ToolHost, call: ToolCall, input: GenerateInput): Promise<string> {
  const message = foldGenerateOptions(input.prompt, { ratio: input.ratio, durationSec: input.durationSeconds, music: input.music });
  return runTurnTool(host, call, { message, safeToRetry: true, newSession: true });
}

export async function editVideo(host: ToolHost, call: ToolCall, input: { instruction: string }): Promise<string> {
  const client = await host.client();
  const keeper = await host.sessions();
  // An edit of nothing would spend credits on the agent asking what to edit.
  const state = await keeper.run((sid) => client.getState(sid, call.signal), { safeToRetry: true, signal: call.signal });
  if (state.draft === undefined) {
    throw new NemoError('invalid-input', l10n.t('There is no video to edit yet. Call nemo_generate_video first.'));
  }
  return runTurnTool(host, call, { message: input.instruction.trim(), safeToRetry: false, newSession: false });
}

/** One answer ("Blue, Green" or "2") → the chosen option ids of that question, or the problem. */
function choicesFor(q: AgentQuestions['questions'][number], answer: string, n: number): string[] | string {
  const picks = answer.split(/[,，]/).map((p) => p.trim()).filter((p) => p !== '');
  if (q.options.length === 0) return [];
  const ids: string[] = [];
  for (const pick of picks) {
    const byNumber = /^\d+$/.test(pick) ? q.options[Number(pick) - 1] : undefined;
    const found = byNumber ?? q.options.find((o) => o.label.toLowerCase() === pick.toLowerCase() || o.id === pick);
    if (!found) return l10n.t('answer {0} ("{1}") is not one of the options: {2}', n, pick, q.options.map((o) => `"${o.label}"`).join(', '));
    if (!ids.includes(found.id)) ids.push(found.id);
  }
  if (!q.allowMultiple && ids.length > 1) return l10n.t('answer {0} takes only one option', n);
  return ids;
}

export async function answerQuestion(host: ToolHost, call: ToolCall, input: { answers: string[] }): Promise<string> {
  const keeper = await host.sessions();
  const sessionId = await keeper.current(call.signal);
  const qs = host.questions.get(sessionId);
  if (!qs) {
    throw new NemoError('invalid-input', l10n.t('The Nemo agent has no open question in this session. Use nemo_edit_video to tell it what to do.'));
  }
  if (input.answers.length !== qs.questions.length) {
    throw new NemoError('invalid-input', l10n.t('The agent asked {0} question(s) but {1} answer(s) were given: give one per question, in order.', qs.questions.length, input.answers.length));
  }
  const choices: string[][] = [];
  for (const [i, q] of qs.questions.entries()) {
    const c = choicesFor(q, input.answers[i], i + 1);
    if (typeof c === 'string') throw new NemoError('invalid-input', c);
    choices.push(c);
  }
  return runTurnTool(host, call, { message: formatAnswer(qs, choices), safeToRetry: false, newSession: false });
}
