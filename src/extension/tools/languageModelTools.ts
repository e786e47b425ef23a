// Nemo's tools for Copilot agent mode (and any extension's `vscode.lm.invokeTool`): every tool the
// manifest contributes (package.json languageModelTools, equal to src/tools' catalog; read from the
// running extension's manifest, not bundled: the whole package.json would be 11 KB of
// dist/extension.js) is registered here and run by src/tools on this window's client, session and pending renders. Tools that spend
// credits ask first, with the expected cost and the balance; read-only ones ask nothing. The
// implementations (dist/tools.js) load on the first tool use, not at activation.
import * as vscode from 'vscode';
import type { Credits } from '../../nemo';
import type { OpenQuestions } from '../../tools';
import type { Services } from '../core/services';
import { extensionToolHost } from './extensionToolHost';
import { loadTools } from './lazyTools';

/** An AbortSignal that follows a cancellation token; dispose it when the call is over. */
function signalOf(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const sub = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => sub.dispose() };
}

class NemoTool implements vscode.LanguageModelTool<object> {
  constructor(
    private readonly s: Services,
    private readonly name: string,
    private readonly questions: () => OpenQuestions,
  ) {}

  async prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<object>, token: vscode.CancellationToken): Promise<vscode.PreparedToolInvocation> {
    const tools = loadTools();
    const spec = tools.toolSpec(this.name);
    if (!spec || spec.expectedCredits === 0) return {};
    const cancel = signalOf(token);
    try {
      // The balance is only shown: a failure to read it is said, not thrown.
      const balance: Credits | undefined = await (await this.s.clients.get()).getCredits(cancel.signal).catch(() => undefined);
      const confirm = tools.confirmationFor(spec, options.input, balance);
      return confirm ? { confirmationMessages: { title: confirm.title, message: new vscode.MarkdownString(confirm.message) } } : {};
    } finally {
      cancel.dispose();
    }
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<object>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const cancel = signalOf(token);
    try {
      const result = await loadTools().runTool(this.name, options.input, extensionToolHost(this.s, this.questions()), { signal: cancel.signal });
      // A thrown error is what VS Code hands the model as the tool's failure: the sentence, no stack.
      if (!result.ok) throw new Error(result.text);
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(result.text)]);
    } finally {
      cancel.dispose();
    }
  }
}

/** VS Code before 1.95, or a host without language model tools: the rest of Nemo still works. */
export function registerLanguageModelTools(s: Services): vscode.Disposable[] {
  if (typeof vscode.lm?.registerTool !== 'function') return [];
  let questions: OpenQuestions | undefined;
  // One set of open questions per window, made on first use (its class lives in dist/tools.js).
  const sharedQuestions = (): OpenQuestions => (questions ??= new (loadTools().MemoryOpenQuestions)());
  const manifest = s.context.extension.packageJSON as { contributes?: { languageModelTools?: { name: string }[] } };
  return (manifest.contributes?.languageModelTools ?? []).map((t) => vscode.lm.registerTool(t.name, new NemoTool(s, t.name, sharedQuestions)));
}
