// `nemo generate "<prompt>"` (and `create --prompt`): the one-shot path from a prompt to an MP4.
// A new video is a new project: it starts a new session, which becomes the folder's current one (so
// `nemo chat "make the title bigger"` edits it next) unless the generation is refused (out of
// credits, rate-limited): then the folder keeps the timeline it had, as the refusal promises. The options are folded into the message in
// words the agent understands; with --export the result is rendered and downloaded.
import { foldGenerateOptions } from '../../chat';
import type { GenerateOptions } from '../commandLine';
import type { CliContext } from '../context';
import { exportResultFields, exportSession, savedLine } from './export';
import { answerQuestions } from './questions';
import { runShownTurn, turnFields, turnLines } from './turn';

export async function runGenerate(ctx: CliContext, prompt: string, options: GenerateOptions): Promise<void> {
  const message = foldGenerateOptions(prompt, {
    ratio: options.ratio,
    durationSec: options.durationSeconds,
    music: options.music,
  });
  // The answers go to the new session, which is the folder's current one once the generation ran.
  const turn = await answerQuestions(ctx, await ctx.sessions.runInNewSession(
    (session) => runShownTurn(ctx, message, { session, safeToRetry: true, withCredits: true }), ctx.signal));
  if (!options.export) {
    ctx.out.result(turnFields(turn), turnLines(turn));
    return;
  }
  const saved = await exportSession(ctx, prompt);
  ctx.out.result({ ...turnFields(turn), ...exportResultFields(saved) }, [...turnLines(turn), savedLine(saved)]);
}
