// Backend text shown as Markdown. The MarkdownString is never trusted (so `command:` links do
// nothing), and on top of that such links and raw HTML are defused: the agent's words are data.
// Notifications are not Markdown but do turn `[label](command:…)` into a link that runs the
// command, so backend text shown there goes through noticeText.
import * as vscode from 'vscode';

export function defuse(text: string): string {
  return text
    .replace(/\]\(\s*<?\s*command:/gi, '](#')
    .replace(/<(?=[a-z/!?])/gi, '&lt;');
}

export function backendMarkdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(defuse(text));
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}

/** Text for a notification with backend words in it: no `[label](target)` survives as a link. */
export function noticeText(text: string): string {
  return text.replace(/\]\s*\(/g, '] (');
}
