// Questions the agent asks before it goes on (contract: a tool call `ask_question` with
// `{title, questions:[{id, prompt, options:[{id, label}], allow_multiple}]}`, then the stream closes).
// Read tolerantly from backend JSON, and answered in the contract's format: one line per question,
// `N. <prompt>: <chosen labels, comma-separated>`, sent as the next message of the same session.
// Pure: the chat participant, the commands, the panel, the CLI and the tools all use it.

import * as l10n from '@vscode/l10n';

export const ASK_QUESTION_TOOL = 'ask_question';

export interface QuestionOption {
  id: string;
  label: string;
}

export interface AgentQuestion {
  id: string;
  prompt: string;
  options: QuestionOption[];
  /** More than one option may be chosen. */
  allowMultiple: boolean;
}

export interface AgentQuestions {
  title?: string;
  questions: AgentQuestion[];
}

/** The option ids chosen for each question, in question order. */
export type QuestionChoices = ReadonlyArray<readonly string[]>;

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function option(v: unknown, index: number): QuestionOption | undefined {
  // A bare string is an option whose label is its id.
  if (typeof v === 'string') return v.trim() === '' ? undefined : { id: v.trim(), label: v.trim() };
  if (!isRecord(v)) return undefined;
  const label = text(v.label) ?? text(v.text) ?? text(v.id);
  return label === undefined ? undefined : { id: text(v.id) ?? String(index + 1), label };
}

function question(v: unknown, index: number): AgentQuestion | undefined {
  if (!isRecord(v)) return undefined;
  const prompt = text(v.prompt) ?? text(v.question) ?? text(v.text);
  if (prompt === undefined) return undefined;
  const options = (Array.isArray(v.options) ? v.options : []).map(option).filter((o): o is QuestionOption => o !== undefined);
  return { id: text(v.id) ?? String(index + 1), prompt, options, allowMultiple: v.allow_multiple === true || v.allowMultiple === true };
}

/** The questions of one `ask_question` call's arguments; undefined when they hold none we can show. */
export function parseQuestions(args: unknown): AgentQuestions | undefined {
  if (!isRecord(args)) return undefined;
  const questions = (Array.isArray(args.questions) ? args.questions : []).map(question).filter((q): q is AgentQuestion => q !== undefined);
  if (questions.length === 0) return undefined;
  const title = text(args.title);
  return title === undefined ? { questions } : { title, questions };
}

/** The questions of the last `ask_question` call of a turn (the one the agent waits on). */
export function questionsOf(toolCalls: ReadonlyArray<{ name: string; args: unknown }>): AgentQuestions | undefined {
  for (let i = toolCalls.length - 1; i >= 0; i--) {
    if (toolCalls[i].name !== ASK_QUESTION_TOOL) continue;
    const parsed = parseQuestions(toolCalls[i].args);
    if (parsed) return parsed;
  }
  return undefined;
}

/** Where no person can answer (a script): the first option of each question, the documented default. */
export function defaultChoices(qs: AgentQuestions): string[][] {
  return qs.questions.map((q) => (q.options.length > 0 ? [q.options[0].id] : []));
}

/**
 * The answer message: `N. <prompt>: <labels>` per question. Unknown ids are dropped, a single-choice
 * question keeps only its first choice, and a question with nothing chosen reads "(no answer)"
 * rather than being left out, so the numbering still matches the agent's questions.
 */
export function formatAnswer(qs: AgentQuestions, choices: QuestionChoices): string {
  return qs.questions.map((q, i) => {
    const chosen = (choices[i] ?? []).map((id) => q.options.find((o) => o.id === id)?.label).filter((l): l is string => l !== undefined);
    const labels = q.allowMultiple ? chosen : chosen.slice(0, 1);
    return `${i + 1}. ${q.prompt}: ${labels.length > 0 ? labels.join(', ') : '(no answer)'}`;
  }).join('\n');
}

/**
 * Numbers typed at a prompt ("2", "1,3", "1 3") → the chosen option ids; undefined when the input
 * names no option or more than one for a single-choice question.
 */
export function choicesFromNumbers(q: AgentQuestion, input: string): string[] | undefined {
  const picks = input.split(/[\s,，]+/).filter((p) => p !== '');
  if (picks.length === 0 || (!q.allowMultiple && picks.length > 1)) return undefined;
  const ids: string[] = [];
  for (const p of picks) {
    const n = /^\d+$/.test(p) ? Number(p) : NaN;
    if (!(n >= 1 && n <= q.options.length)) return undefined;
    const id = q.options[n - 1].id;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** The questions as numbered lines, each option numbered below its question (plain text). */
export function questionLines(qs: AgentQuestions): string[] {
  const lines = qs.title ? [qs.title] : [];
  qs.questions.forEach((q, i) => {
    lines.push(`${i + 1}. ${q.prompt} ${q.allowMultiple ? l10n.t('(one or more)') : l10n.t('(one)')}`);
    q.options.forEach((o, j) => lines.push(`   ${j + 1}) ${o.label}`));
  });
  return lines;
}

/** A message in the answer format (`1. <prompt>: <labels>` first): it answers the agent's questions. */
export function isAnswer(text: string): boolean {
  return /^\s*1\.\s[^\n]*\?:\s/.test(text);
}
