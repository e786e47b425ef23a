// `nemo generate "<prompt>"` (and `create --prompt`): the one-shot path from a prompt to an MP4.
// A new video is a new project: it starts a new session (which becomes the folder's current one,
// so `nemo chat "make the title bigger"` edits it next). The options are folded into the message in
// words the agent understands; with --export the result is rendered and downloaded.
import * as l10n from '@vscode/l10n';
import { foldGenerateOptions } from '../../chat';
import type { GenerateOptions } from '../commandLine';
import type { CliContext } from '../context';
import { exportResultFields, exportSession, savedLine } from './export';
import { runShownTurn, turnFields, turnLines } from './turn';

/** Already asks for a video: "make …", "create …", "生成…". */
const ASKS_FOR_VIDEO = /^\s*(please\s+)?(make|create|generate|produce|build|render)\b|^\s*(请|帮我)?(生成|制作)/i;

/**
 * `generate` says what is wanted even when the prompt only describes it ("a paper boat on a pond"):
 * in a fresh session the agent would otherwise take a bare description as small talk.
 */
export function asGenerationRequest(prompt: string): string {
  return ASKS_FOR_VIDEO.test(prompt) ? prompt : l10n.t('Create a video: {0}', prompt.trim());
}

export async function runGenerate(ctx: CliContext, prompt: string, options: GenerateOptions): Promise<void> {
  await ctx.sessions.startNew(ctx.signal);
  const message = foldGenerateOptions(asGenerationRequest(prompt), {
    ratio: options.ratio,
    durationSec: options.durationSeconds,
    music: options.music,
  });
  // A generation does not depend on the old timeline: after a lost session it may run in the new one.
  const turn = await runShownTurn(ctx, message, { safeToRetry: true, withCredits: true });
  if (!options.export) {
    ctx.out.result(turnFields(turn), turnLines(turn));
    return;
  }
  const saved = await exportSession(ctx, prompt);
  ctx.out.result({ ...turnFields(turn), ...exportResultFields(saved) }, [...turnLines(turn), savedLine(saved)]);
}
