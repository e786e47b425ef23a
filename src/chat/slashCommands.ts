// The @nemo slash commands: the one table. package.json's chatParticipants[0].commands must list
// exactly these, in this order, each described by `%chat.command.<name>%` (the manifest test checks
// it); the participant routes by it and the follow-ups name its rows.
//
// To add a command (or a variant such as `/export local`), add a row here, its line in
// package.json and its description in package.nls*.json; routing and the check follow.
import { asksForLocal, type Intent } from './intent';

export interface SlashCommandSpec {
  /** What the person types after `/`. */
  readonly name: string;
  /** What it runs: a local action, or `message` (the prompt goes to the agent). */
  readonly intent: Intent;
  /**
   * For a message: whether it asks for a new video (safe to resend in a new session after the old
   * one was lost) or edits the current timeline (never resent).
   */
  readonly generation?: 'new' | 'edit';
}

export const SLASH_COMMANDS = [
  { name: 'generate', intent: 'message', generation: 'new' },
  { name: 'edit', intent: 'message', generation: 'edit' },
  { name: 'upload', intent: 'upload' },
  { name: 'export', intent: 'export' },
  { name: 'credits', intent: 'credits' },
  { name: 'status', intent: 'status' },
  { name: 'open', intent: 'open-web' },
] as const satisfies readonly SlashCommandSpec[];

export type SlashCommand = (typeof SLASH_COMMANDS)[number]['name'];

/** The row for what VS Code passes as `request.command`; undefined for none or an unknown one. */
export function slashCommand(name: string | undefined): SlashCommandSpec | undefined {
  return SLASH_COMMANDS.find((c) => c.name === name);
}

/** What a slash command with its words asks for: `/export local` (or `/export 本地`) is a local export. */
export function slashIntent(name: string | undefined, prompt: string): Intent | undefined {
  const intent = slashCommand(name)?.intent;
  return intent === 'export' && asksForLocal(prompt) ? 'export-local' : intent;
}

/** The package.nls.json key of a command's description (package.json spells it `%key%`). */
export function slashDescriptionKey(name: SlashCommand): string {
  return `chat.command.${name}`;
}
