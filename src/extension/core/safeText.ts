// Backend text shown as Markdown. The MarkdownString is never trusted (so `command:` links do
// nothing), and on top of that the text goes through src/shared/safeText.ts like every other
// surface's: cleaned, secrets redacted, such links and raw HTML defused. The agent's words are data.
import * as vscode from 'vscode';
import { defuseMarkdown, safeText } from '../../shared/safeText';

export function backendMarkdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(defuseMarkdown(safeText(text)));
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}
