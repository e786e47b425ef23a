// `vscode.lm`'s tool half as VS Code runs it: registerTool / tools / invokeTool. invokeTool refuses a
// tool the manifest does not contribute, checks the input against the contributed inputSchema (as
// the host does before any tool code runs), calls prepareInvocation, shows its confirmation (the
// test decides: accept or decline, read back what was asked), then invoke, with the caller's
// cancellation token passed through.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type * as vscode from 'vscode';
import { z } from 'zod';
import { contributes } from '../../../package.json';

export class LanguageModelTextPart {
  constructor(public value: string) {}
}

export class LanguageModelToolResult {
  constructor(public content: unknown[]) {}
}

/** What VS Code throws when the person declines a confirmation or the call is cancelled. */
export class CancellationError extends Error {
  constructor() {
    super('Canceled');
    this.name = 'Canceled';
  }
}

interface ContributedTool {
  name: string;
  inputSchema: unknown;
  tags?: string[];
  modelDescription: string;
}

const contributed = contributes.languageModelTools as ContributedTool[];

export interface ShownConfirmation {
  tool: string;
  title: string;
  message: string;
}

export const toolUi = {
  /** Every confirmation shown, in order. */
  confirmations: [] as ShownConfirmation[],
  /** The person's answer to the next confirmations: true accepts. */
  accept: true,
  /** The invocation messages prepareInvocation gave. */
  invocationMessages: [] as string[],
  reset(): void {
    this.confirmations.length = 0;
    this.invocationMessages.length = 0;
    this.accept = true;
  },
};

const registered = new Map<string, any>();

function textOf(m: unknown): string {
  return typeof m === 'string' ? m : (m as { value: string }).value;
}

export const lm = {
  get tools(): readonly vscode.LanguageModelToolInformation[] {
    return contributed.filter((t) => registered.has(t.name)).map((t) => ({ name: t.name, description: t.modelDescription, inputSchema: t.inputSchema as object, tags: t.tags ?? [] }));
  },
  registerTool(name: string, tool: unknown): { dispose(): void } {
    if (!contributed.some((t) => t.name === name)) throw new Error(`Tool "${name}" was not contributed.`);
    // VS Code refuses a second registration in one extension host; here every test "window"
    // (activation) shares one process, so the newest window's tool is the one invoked.
    registered.set(name, tool);
    return {
      dispose: () => {
        if (registered.get(name) === tool) registered.delete(name);
      },
    };
  },
  async invokeTool(name: string, options: { input: object; toolInvocationToken: unknown }, token?: any): Promise<LanguageModelToolResult> {
    const tool = registered.get(name);
    const spec = contributed.find((t) => t.name === name);
    if (!tool || !spec) throw new Error(`Tool ${name} was not contributed`);
    const checked = z.fromJSONSchema(spec.inputSchema as any).safeParse(options.input);
    if (!checked.success) throw new Error(`Invalid input for tool ${name}: ${z.prettifyError(checked.error)}`);
    const cancel = token ?? { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };
    const prepared = typeof tool.prepareInvocation === 'function' ? await tool.prepareInvocation({ input: options.input }, cancel) : undefined;
    if (prepared?.invocationMessage) toolUi.invocationMessages.push(textOf(prepared.invocationMessage));
    const confirm = prepared?.confirmationMessages;
    if (confirm) {
      toolUi.confirmations.push({ tool: name, title: confirm.title, message: textOf(confirm.message) });
      if (!toolUi.accept) throw new CancellationError();
    }
    if (cancel.isCancellationRequested) throw new CancellationError();
    return tool.invoke({ input: options.input, toolInvocationToken: options.toolInvocationToken }, cancel);
  },
} satisfies Partial<typeof vscode.lm>;

void ({ LanguageModelTextPart, LanguageModelToolResult, CancellationError } satisfies Partial<typeof vscode>);
