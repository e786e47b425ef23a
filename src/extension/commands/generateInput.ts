// "Nemo: Generate Video…" as a short multi-step input: the prompt (example prompts offered), then
// aspect ratio, length and background music, each with a default that Enter accepts. The choices
// are folded into the one message the agent reads.
import * as vscode from 'vscode';
import { examplePrompts, foldGenerateOptions, type AspectRatio, type GenerateOptions } from '../../chat';

const STEPS = 4;
const OWN_PROMPT = '$(edit)';

function title(step: number): string {
  return vscode.l10n.t('Nemo: Generate Video ({0}/{1})', step, STEPS);
}

async function askPrompt(): Promise<string | undefined> {
  const own = { label: `${OWN_PROMPT} ${vscode.l10n.t('Describe your own video…')}`, own: true };
  const examples = examplePrompts().map((p) => ({ label: p, own: false, description: vscode.l10n.t('example') }));
  const picked = await vscode.window.showQuickPick([own, ...examples], { title: title(1), placeHolder: vscode.l10n.t('Describe the video, or start from an example'), ignoreFocusOut: true });
  if (!picked) return undefined;
  const text = await vscode.window.showInputBox({
    title: title(1),
    prompt: vscode.l10n.t('What should the video show?'),
    value: picked.own ? '' : picked.label,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('Describe the video in a few words.')),
  });
  return text?.trim() || undefined;
}

async function askRatio(): Promise<AspectRatio | undefined> {
  const items: { label: AspectRatio; description: string }[] = [
    { label: '16:9', description: vscode.l10n.t('landscape (default)') },
    { label: '9:16', description: vscode.l10n.t('vertical, for phones and shorts') },
    { label: '1:1', description: vscode.l10n.t('square') },
  ];
  return (await vscode.window.showQuickPick(items, { title: title(2), placeHolder: vscode.l10n.t('Aspect ratio'), ignoreFocusOut: true }))?.label;
}

export const DEFAULT_SECONDS = 15;

export function checkSeconds(v: string): string | undefined {
  const n = Number(v.trim());
  return Number.isInteger(n) && n >= 5 && n <= 60 ? undefined : vscode.l10n.t('A whole number of seconds from 5 to 60.');
}

async function askSeconds(): Promise<number | undefined> {
  const v = await vscode.window.showInputBox({
    title: title(3),
    prompt: vscode.l10n.t('Length in seconds (5-60)'),
    value: String(DEFAULT_SECONDS),
    ignoreFocusOut: true,
    validateInput: checkSeconds,
  });
  return v === undefined ? undefined : Number(v.trim());
}

async function askMusic(): Promise<boolean | undefined> {
  const items = [
    { label: vscode.l10n.t('With background music'), music: true },
    { label: vscode.l10n.t('No music'), music: false },
  ];
  return (await vscode.window.showQuickPick(items, { title: title(4), placeHolder: vscode.l10n.t('Background music'), ignoreFocusOut: true }))?.music;
}

export const DEFAULT_OPTIONS: Required<GenerateOptions> = { ratio: '16:9', durationSec: DEFAULT_SECONDS, music: true };

/** The prompt with every step's default, as pressing Enter through the steps gives. */
export function withDefaults(prompt: string): string {
  return foldGenerateOptions(prompt, DEFAULT_OPTIONS);
}

/** The message to send, or undefined when the person pressed Escape at any step. */
export async function collectGeneration(): Promise<string | undefined> {
  const prompt = await askPrompt();
  if (prompt === undefined) return undefined;
  const ratio = await askRatio();
  if (ratio === undefined) return undefined;
  const durationSec = await askSeconds();
  if (durationSec === undefined) return undefined;
  const music = await askMusic();
  if (music === undefined) return undefined;
  const options: GenerateOptions = { ratio, durationSec, music };
  return foldGenerateOptions(prompt, options);
}
