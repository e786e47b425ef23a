// "Nemo: Generate Video…" as a short multi-step input: the description (typed right in the first
// step, or one of the examples), then aspect ratio, length and background music, each with a
// default that Enter accepts and a Back button. The choices are folded into the one message the
// agent reads.
import * as vscode from 'vscode';
import { examplePrompts, foldGenerateOptions, type AspectRatio, type GenerateOptions } from '../../chat';
import { BACK, input, pick, runSteps, type PickItem } from '../core/multiStepInput';

const STEPS = 4;
export const DEFAULT_SECONDS = 15;
export const DEFAULT_OPTIONS: Required<GenerateOptions> = { ratio: '16:9', durationSec: DEFAULT_SECONDS, music: true };

type Generation = Required<GenerateOptions> & { prompt: string };

function at(step: number) {
  return { title: vscode.l10n.t('Nemo: Generate Video'), step, totalSteps: STEPS };
}

function askPrompt(g: Generation): Promise<Generation | typeof BACK | undefined> {
  const examples: PickItem<string>[] = examplePrompts().map((p) => ({ label: p, description: vscode.l10n.t('example'), value: p }));
  return pick({
    ...at(1),
    placeholder: vscode.l10n.t('Type what the video should show and press Enter, or pick an example'),
    items: examples,
    // The person's own words are the first item as soon as they type: Enter takes them.
    typed: (text) => (text.trim() ? { label: text.trim(), description: vscode.l10n.t('your description'), value: text.trim() } : undefined),
    value: g.prompt,
  }).then((p) => (typeof p === 'string' ? { ...g, prompt: p } : p));
}

function askRatio(g: Generation): Promise<Generation | typeof BACK | undefined> {
  const items: PickItem<AspectRatio>[] = [
    { label: '16:9', description: vscode.l10n.t('landscape, widescreen (default)'), value: '16:9' },
    { label: '9:16', description: vscode.l10n.t('vertical, portrait, for phones and shorts'), value: '9:16' },
    { label: '1:1', description: vscode.l10n.t('square'), value: '1:1' },
  ];
  return pick({ ...at(2), placeholder: vscode.l10n.t('Aspect ratio'), items, active: g.ratio })
    .then((ratio) => (ratio === BACK || ratio === undefined ? ratio : { ...g, ratio }));
}

/** A length as people type it: "20", "20s", "20 seconds", "1 min", "20秒"; undefined when it is none. */
export function parseSeconds(text: string): number | undefined {
  const m = /^\s*(\d+)\s*(s|secs?|seconds?|秒|m|mins?|minutes?|分钟)?\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]) * (m[2] && /^(m|min|分)/i.test(m[2]) ? 60 : 1);
  return n >= 5 && n <= 60 ? n : undefined;
}

export function checkSeconds(v: string): string | undefined {
  return parseSeconds(v) === undefined ? vscode.l10n.t('A whole number of seconds from 5 to 60.') : undefined;
}

function askSeconds(g: Generation): Promise<Generation | typeof BACK | undefined> {
  return input({ ...at(3), prompt: vscode.l10n.t('Length in seconds (5-60)'), value: String(g.durationSec), validate: checkSeconds })
    .then((v) => (v === BACK || v === undefined ? v : { ...g, durationSec: parseSeconds(v)! }));
}

function askMusic(g: Generation): Promise<Generation | typeof BACK | undefined> {
  const items: PickItem<boolean>[] = [
    { label: vscode.l10n.t('With background music'), description: vscode.l10n.t('yes (default)'), value: true },
    { label: vscode.l10n.t('No music'), description: vscode.l10n.t('no'), value: false },
  ];
  return pick({ ...at(4), placeholder: vscode.l10n.t('Background music'), items, active: g.music })
    .then((music) => (music === BACK || music === undefined ? music : { ...g, music }));
}

/** The prompt with every step's default, as pressing Enter through the steps gives. */
export function withDefaults(prompt: string): string {
  return foldGenerateOptions(prompt, DEFAULT_OPTIONS);
}

/** The message to send, or undefined when the person pressed Escape at any step. */
export async function collectGeneration(): Promise<string | undefined> {
  const g = await runSteps<Generation>({ prompt: '', ...DEFAULT_OPTIONS }, [askPrompt, askRatio, askSeconds, askMusic]);
  return g && foldGenerateOptions(g.prompt, { ratio: g.ratio, durationSec: g.durationSec, music: g.music });
}
