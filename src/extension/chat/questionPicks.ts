// The agent's questions in the editor (issue 10 point 2). In the chat each option is a button
// (`nemo.answerQuestion`); the commands and the panel ask with quick picks. Either way the answer is
// composed by src/chat's formatAnswer and sent as the next message of the same session: through the
// chat (so the turn continues there) when it came from a chat button, as a panel turn otherwise.
import * as vscode from 'vscode';
import { formatAnswer, type AgentQuestions } from '../../chat';

/** What a chat button carries: the questions, and the option its click chose. */
export interface ChosenOption {
  questions: AgentQuestions;
  question: number;
  option: string;
}

/** Validates a button's arguments (they come back from the chat view). */
export function chosenOption(arg: unknown): ChosenOption | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Partial<ChosenOption>;
  const qs = a.questions;
  if (!qs || !Array.isArray(qs.questions) || typeof a.question !== 'number' || typeof a.option !== 'string') return undefined;
  const q = qs.questions[a.question];
  return q && Array.isArray(q.options) && q.options.some((o) => o.id === a.option) ? (a as ChosenOption) : undefined;
}

/**
 * The answer to every question: a question already chosen by a click keeps that choice when it
 * allows one option; every other question is asked with a quick pick (several options where the
 * agent allows it, the clicked one ticked). Undefined when the person dismisses a pick.
 */
export async function pickAnswer(qs: AgentQuestions, clicked?: { question: number; option: string }): Promise<string | undefined> {
  const chosen: string[][] = [];
  for (const [i, q] of qs.questions.entries()) {
    if (clicked?.question === i && !q.allowMultiple) {
      chosen.push([clicked.option]);
      continue;
    }
    const items = q.options.map((o) => ({ label: o.label, id: o.id, picked: clicked?.question === i && clicked.option === o.id }));
    const title = `${qs.title ? `${qs.title}: ` : ''}${q.prompt}`;
    if (q.allowMultiple) {
      const picked = await vscode.window.showQuickPick(items, { title, canPickMany: true, ignoreFocusOut: true, placeHolder: vscode.l10n.t('Choose one or more') });
      if (!picked) return undefined;
      chosen.push(picked.map((p) => p.id));
    } else {
      const picked = await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true, placeHolder: vscode.l10n.t('Choose one') });
      if (!picked) return undefined;
      chosen.push([picked.id]);
    }
  }
  return formatAnswer(qs, chosen);
}

/** The chat: the questions in words and one button per option. */
export function showQuestionButtons(stream: vscode.ChatResponseStream, qs: AgentQuestions): void {
  qs.questions.forEach((q, i) => {
    for (const o of q.options) {
      const arg: ChosenOption = { questions: qs, question: i, option: o.id };
      stream.button({ command: 'nemo.answerQuestion', title: qs.questions.length > 1 ? `${i + 1}. ${o.label}` : o.label, arguments: [arg] });
    }
  });
}

/** A chat button was clicked: the rest is asked, then the answer goes to @nemo as the next message. */
export async function answerFromChat(arg: unknown): Promise<void> {
  const chosen = chosenOption(arg);
  if (!chosen) return;
  const answer = await pickAnswer(chosen.questions, chosen);
  if (answer === undefined) return;
  await vscode.commands.executeCommand('workbench.action.chat.open', { query: `@nemo ${answer}` });
}
