// The agent sometimes talks as if the person were looking at Nemo's web editor ("click the Export
// button", "open the media panel", "drag the clip onto the timeline"). There is no such GUI here, so
// each sentence that says so is replaced by what works in this client, and the caller gets the
// matching action to offer or run (contract, end of "Intent routing").
import * as l10n from '@vscode/l10n';

export type GuiActionKind = 'export' | 'show-state' | 'show-timeline' | 'send-edit';

export interface GuiAction {
  kind: GuiActionKind;
  /** The words of the reply that asked for the GUI, as written. */
  phrase: string;
}

interface Rule {
  pattern: RegExp;
  /** The action, possibly depending on what the matched phrase names (the button clicked). */
  kind: (phrase: string) => GuiActionKind;
}

const EXPORT_WORDS = /export|download|render|导出|下载|渲染/i;
const TIMELINE_WORDS = /timeline|preview|时间线|预览/i;

/** What clicking a named button means here: only export and looking at the timeline exist. */
function clickKind(phrase: string): GuiActionKind {
  if (EXPORT_WORDS.test(phrase)) return 'export';
  if (TIMELINE_WORDS.test(phrase)) return 'show-timeline';
  return 'send-edit';
}

// Every rule is tried on every sentence ("Preview it in the timeline, and click the Export button"
// asks for two things). Where two matches overlap, the one that starts first wins, and on a tie the
// earlier rule: "Click the Export button" is one click, not also an "export button".
const RULES: Rule[] = [
  { pattern: /\bpreview (?:it |this |the video |your video )?(?:in|on) the timeline\b|在时间线(?:上|中|里)?预览|预览时间线/gi, kind: () => 'show-timeline' },
  { pattern: /\b(?:click|tap|press|hit|select)(?: on)? (?:the )?["'“‘]?[\p{L}\p{N} ]{1,30}?["'”’]? (?:button|icon|tab)\b|\b(?:click|tap|press|hit)(?: on)? ["'“‘][^"'”’]{1,30}["'”’]|点击[^，。！？,.!?\n]{0,20}|按下?[「“"][^」”"]{1,20}[」”"](?:按钮)?/giu, kind: clickKind },
  { pattern: /\b(?:use|hit) the ["'“‘]?export["'”’]? (?:button|option)\b|\bexport button\b|导出按钮/gi, kind: () => 'export' },
  { pattern: /\bopen (?:the |your )?[\p{L} ]{0,30}?(?:panel|tab|sidebar|menu|window|library|editor|settings)\b|打开[^，。！？,.!?\n]{0,20}/giu, kind: () => 'show-state' },
  { pattern: /\bdrag(?:ging)?\b|\bdrop (?:it|them|the|your|this)\b[^.!?\n]*?\b(?:onto|into|on|to)\b|拖拽|拖动|拖到|拖入|拖放/gi, kind: () => 'send-edit' },
];

/** What the person can do instead, in words that work in chat and in the CLI alike. */
function replacement(kind: GuiActionKind): string {
  switch (kind) {
    case 'export': return l10n.t('When you are ready, say "export" and I will render the MP4 for you.');
    case 'show-state': return l10n.t('Say "status" to see what is in the project.');
    case 'show-timeline': return l10n.t('Say "status" to see the timeline.');
    case 'send-edit': return l10n.t('Tell me the change in words (for example "move the title to the end") and I will make it.');
  }
}

/** Sentences (or lines without a full stop) with their trailing whitespace, so the text joins back exactly. */
const SENTENCE = /[^.!?。！？\n]+(?:[.!?。！？]+|(?=\n)|$)[ \t]*\n*|[.!?。！？\n]+/g;

/** The GUI phrases of one sentence with their actions, in the order they are written, overlaps dropped. */
function actionsIn(sentence: string): GuiAction[] {
  const found: Array<{ at: number; end: number; rank: number; action: GuiAction }> = [];
  RULES.forEach((rule, rank) => {
    for (const m of sentence.matchAll(rule.pattern)) {
      found.push({ at: m.index, end: m.index + m[0].length, rank, action: { kind: rule.kind(m[0]), phrase: m[0].trim() } });
    }
  });
  found.sort((a, b) => a.at - b.at || a.rank - b.rank);
  const kept: typeof found = [];
  for (const f of found) if (!kept.some((k) => f.at < k.end && k.at < f.end)) kept.push(f);
  return kept.map((k) => k.action);
}

export function translateGuiPhrases(text: string): { text: string; actions: GuiAction[] } {
  const actions: GuiAction[] = [];
  const said = new Set<GuiActionKind>();
  const out = text.replace(SENTENCE, (sentence) => {
    const asked = actionsIn(sentence);
    if (asked.length === 0) return sentence;
    for (const a of asked) if (!actions.some((b) => b.kind === a.kind)) actions.push(a);
    // One replacement per kind: two GUI sentences about export become one sentence about export.
    const fresh = [...new Set(asked.map((a) => a.kind))].filter((kind) => !said.has(kind));
    const trailing = /\s*$/.exec(sentence)?.[0] ?? '';
    if (fresh.length === 0) return trailing.includes('\n') ? trailing : '';
    for (const kind of fresh) said.add(kind);
    return fresh.map(replacement).join(' ') + trailing;
  });
  return { text: out, actions };
}
