// The agent's questions in a terminal (issue 10 point 2). With --auto-answer the first option of each
// question is sent (the documented default for scripts); a person at a terminal picks numbered options
// on stdin; anywhere else nobody can answer, so the questions are printed (and, under --json, listed)
// and nothing is sent: `nemo answer "<text>"` continues the session later.
import { createInterface } from 'node:readline';
import * as l10n from '@vscode/l10n';
import { choicesFromNumbers, defaultChoices, formatAnswer, questionLines, type AgentQuestions } from '../../chat';
import type { CliContext } from '../context';
import { runShownTurn, type ShownTurn } from './turn';

/** An agent that keeps asking is answered this many times at most in one run. */
const MAX_ROUNDS = 5;

/** Runs the answer turns while the agent waits and someone (a person or --auto-answer) can answer. */
export async function answerQuestions(ctx: CliContext, first: ShownTurn): Promise<ShownTurn> {
  let turn = first;
  for (let round = 0; round < MAX_ROUNDS && turn.reading.questions; round++) {
    const answer = await answerFor(ctx, turn.reading.questions);
    if (answer === undefined) break;
    turn = await runShownTurn(ctx, answer, { safeToRetry: false });
  }
  return turn;
}

async function answerFor(ctx: CliContext, qs: AgentQuestions): Promise<string | undefined> {
  if (ctx.global.autoAnswer) {
    const answer = formatAnswer(qs, defaultChoices(qs));
    ctx.out.note(l10n.t('Answering with the first option of each question (--auto-answer):'));
    for (const line of answer.split('\n')) ctx.out.note(`  ${line}`);
    return answer;
  }
  if (ctx.stdin?.isTTY !== true) return undefined;
  return askAtTerminal(ctx, qs, ctx.stdin);
}

/** Numbered options on stderr, numbers read from stdin until each question has a valid choice. */
async function askAtTerminal(ctx: CliContext, qs: AgentQuestions, stdin: NodeJS.ReadableStream): Promise<string | undefined> {
  const rl = createInterface({ input: stdin, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  try {
    const chosen: string[][] = [];
    for (const line of questionLines({ ...qs, questions: [] })) ctx.out.note(line);
    for (const [i, q] of qs.questions.entries()) {
      for (const line of questionLines({ questions: [q] }).slice(1)) ctx.out.note(line);
      for (;;) {
        ctx.out.note(q.allowMultiple ? l10n.t('{0}. {1} Type the numbers (e.g. 1,2):', i + 1, q.prompt) : l10n.t('{0}. {1} Type a number:', i + 1, q.prompt));
        const next = await lines.next();
        if (next.done) return undefined; // stdin closed: nobody answers
        const ids = choicesFromNumbers(q, next.value);
        if (ids) {
          chosen.push(ids);
          break;
        }
        ctx.out.note(l10n.t('Choose from 1 to {0}.', q.options.length));
      }
    }
    return formatAnswer(qs, chosen);
  } finally {
    rl.close();
  }
}

/** The questions as the result's lines, with how to answer them later. */
export function unansweredLines(qs: AgentQuestions): string[] {
  return [...questionLines(qs), l10n.t('The agent is waiting for your answer: reply with nemo answer "<your choices>", or run again with --auto-answer to take the first option of each.')];
}

/** The questions as the --json result lists them. */
export function questionFields(qs: AgentQuestions): Record<string, unknown>[] {
  return qs.questions.map((q) => ({ id: q.id, prompt: q.prompt, allowMultiple: q.allowMultiple, options: q.options.map((o) => ({ id: o.id, label: o.label })) }));
}
