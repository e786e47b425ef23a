// Tool calls are not chat text (contract): while one runs, the person sees what it is doing in
// plain words instead. Tool names vary between backend versions, so they are matched by the
// words they contain, and an unknown tool still gets a readable line built from its name.
import * as l10n from '@vscode/l10n';

/** Matches when one of the name's words starts with one of `stems` ("add_subtitles" has "subtitle"). */
function words(stems: string): RegExp {
  return new RegExp(`(?:^|_)(?:${stems})`);
}

const editing = () => l10n.t('Editing the timeline…');
const GENERATION = words('generate|create|make|produce|video|clip');

// The first match wins: reading state and removals come before the nouns, so "get_draft" is not
// "generating", "remove_music" is not "adding music" and "trim_clip" is an edit.
const RULES: Array<[RegExp, () => string]> = [
  [/(?:^|_)(?:get|read|load|fetch|query)_?(?:state|draft|timeline|project)|^(?:state|draft|timeline)$/, () => l10n.t('Reading the timeline…')],
  [/^(?:remove|delete|clear|mute|drop)/, editing],
  [words('export|render'), () => l10n.t('Preparing the export…')],
  [words('upload|import|ingest'), () => l10n.t('Processing your upload…')],
  [words('music|bgm|soundtrack|song'), () => l10n.t('Adding music…')],
  [words('voice|tts|speech|narrat|dub'), () => l10n.t('Recording the voiceover…')],
  [words('subtitle|caption'), () => l10n.t('Adding captions…')],
  [words('title|text|font'), () => l10n.t('Adding text…')],
  [words('image|picture|photo|thumbnail'), () => l10n.t('Generating an image…')],
  [words('analy[sz]|understand|describe|detect'), () => l10n.t('Analysing the video…')],
  [words('search|find|stock|fetch'), () => l10n.t('Finding footage…')],
  [words('edit|update|modify|trim|cut|split|move|delete|remove|replace|adjust|transition|effect|filter|speed|crop|resize|ratio'), editing],
  [GENERATION, () => l10n.t('Generating the video…')],
];

/** "generateVideo", "add-music", "Apply Color Grade" → "generate_video", "add_music", "apply_color_grade". */
function normalise(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export function describeTool(name: string): string {
  const key = normalise(name);
  for (const [re, words] of RULES) if (re.test(key)) return words();
  const readable = key.replace(/_/g, ' ').slice(0, 40).trim();
  return readable === '' ? l10n.t('Working…') : l10n.t('Working ({0})…', readable);
}

/**
 * Said when a tool finishes, where the person should hear it. Nemo generates in two stages: the raw
 * clip first, then music, titles and effects on its own; the clip being ready is news, the finished
 * tracks show in the timeline at the end.
 */
export function describeToolResult(name: string): string | undefined {
  const key = normalise(name);
  const rule = RULES.find(([re]) => re.test(key));
  return rule?.[0] === GENERATION ? l10n.t('The raw clip is ready; music, titles and effects may follow.') : undefined;
}
