// Small pieces of wording shared by the chat participant, the timeline panel and the CLI, so the
// three surfaces say the same thing the same way.
import * as l10n from '@vscode/l10n';

/** "This turn used 50 credits; 150 left." — or just the balance when nothing (or nothing known) was spent. */
export function creditsLine(before?: number, after?: number): string {
  if (after === undefined) return '';
  const used = before === undefined ? 0 : Math.round(before - after);
  if (used <= 0) return after === 1 ? l10n.t('1 credit left.') : l10n.t('{0} credits left.', after);
  return used === 1 ? l10n.t('This turn used 1 credit; {0} left.', after) : l10n.t('This turn used {0} credits; {1} left.', used, after);
}

export type AspectRatio = '16:9' | '9:16' | '1:1';

export interface GenerateOptions {
  ratio?: AspectRatio;
  durationSec?: number;
  music?: boolean;
}

/** Words in a prompt that already ask for each ratio, in English and Chinese. */
const RATIO_WORDS: Record<AspectRatio, RegExp> = {
  '16:9': /16\s*[:：x×]\s*9|landscape|horizontal|widescreen|横屏|横版/i,
  '9:16': /9\s*[:：x×]\s*16|vertical|portrait|竖屏|竖版/i,
  '1:1': /1\s*[:：x×]\s*1|square|方形|正方形/i,
};
const DURATION_WORDS = /\d+(?:\.\d+)?\s*(?:-|to)?\s*(?:s|secs?|seconds?|mins?|minutes?|秒|分钟)(?![a-z])/i;
const MUSIC_WORDS = /music|soundtrack|bgm|song|音乐|配乐|背景乐/i;
const NO_MUSIC_WORDS = /\b(?:no|without|silent)\b[^.!?]{0,20}(?:music|soundtrack|bgm)|不要(?:背景)?音乐|无(?:背景)?音乐|没有(?:背景)?音乐|静音/i;

/** Already asks for a video: "make …", "create …", "生成…". */
const ASKS_FOR_VIDEO = /^\s*(please\s+)?(make|create|generate|produce|build|render)\b|^\s*(请|帮我)?(生成|制作)/i;

/**
 * The message the agent gets for `generate`: the prompt, then the options it does not already state.
 * An option that contradicts the prompt is still added: the option is the explicit choice.
 * A prompt that only describes the video ("a paper boat on a pond") is said as a request: in a fresh
 * session the agent would otherwise take a bare description as small talk.
 */
export function foldGenerateOptions(prompt: string, o: GenerateOptions): string {
  const extra: string[] = [];
  if (o.ratio !== undefined && !RATIO_WORDS[o.ratio].test(prompt)) {
    const shape = o.ratio === '16:9' ? l10n.t('landscape') : o.ratio === '9:16' ? l10n.t('vertical') : l10n.t('square');
    extra.push(l10n.t('Aspect ratio {0} ({1}).', o.ratio, shape));
  }
  if (o.durationSec !== undefined && o.durationSec > 0 && !DURATION_WORDS.test(prompt)) {
    extra.push(l10n.t('Length: about {0} seconds.', Math.round(o.durationSec * 10) / 10));
  }
  if (o.music === true && !MUSIC_WORDS.test(prompt)) extra.push(l10n.t('Add background music.'));
  if (o.music === false && !NO_MUSIC_WORDS.test(prompt)) extra.push(l10n.t('No background music.'));
  const described = prompt.trim();
  const base = described === '' || ASKS_FOR_VIDEO.test(described) ? described : l10n.t('Create a video: {0}', described);
  if (extra.length === 0) return base;
  const end = base === '' || /[.!?。！？]$/u.test(base) ? '' : '.';
  return `${base}${end} ${extra.join(' ')}`.trim();
}

/** Starting points offered by the Generate command and the empty chat. */
export function examplePrompts(): string[] {
  return [
    l10n.t("Make a 10-second product demo of a smartwatch with upbeat background music and the title 'Tick'"),
    l10n.t('A 15-second vertical travel teaser of Lisbon at sunset with a calm lo-fi soundtrack'),
    l10n.t("A 20-second explainer for a to-do app: three scenes, captions, and the title 'Done Today'"),
    l10n.t('A 30-second birthday montage with confetti, cheerful music and the text "Happy Birthday, Sam!"'),
  ];
}

/** How a web editor link is told (CLI `nemo open`, the tool for agents): the link, then how long it works. */
export function webEditorLinkLines(link: { url: string; expiresIn: number | undefined }): string[] {
  const lines = [l10n.t('Open the project in Nemo\'s web editor: {0}', link.url)];
  if (link.expiresIn !== undefined) lines.push(l10n.t('The link works for {0} minutes.', Math.max(1, Math.round(link.expiresIn / 60))));
  return lines;
}
