// Routes a user message before anything is sent (contract, "Intent routing"): export, credits,
// status and upload run locally; everything else goes to the agent as a message.
//
// The rule that keeps creative prompts streaming: a message is a command only when, apart from its
// keyword, it holds nothing but filler ("please", "the video", "帮我", "一下", ...). So "export it",
// "download the video" and "导出视频" export, while "make an export-style intro for my app" or
// "a clip of a kid downloading a game" go to the agent, where they belong.
import { isAnswer } from './questions';

/**
 * A local action the words ask for (a key of the keyword tables), or a message for the agent.
 * `open-web` (the project in Nemo's web editor) is asked for by `/open` only, never by words: "open
 * the editor" in a prompt is the agent's business.
 */
export type Intent = keyof typeof ENGLISH_KEYWORDS | 'export-local' | 'open-web' | 'message';

type CommandIntent = Exclude<Intent, 'message' | 'export-local' | 'open-web'>;

const ENGLISH_KEYWORDS = {
  export: ['export', 'download', 'send'],
  credits: ['credits', 'credit', 'balance'],
  status: ['status', 'tracks', 'timeline', 'state'],
  upload: ['upload'],
} satisfies Record<string, string[]>;

const CHINESE_KEYWORDS: Record<CommandIntent, string[]> = {
  export: ['导出', '下载', '发给我'],
  credits: ['积分', '余额', '点数'],
  status: ['状态', '轨道', '时间线'],
  upload: ['上传'],
};

/** Words that may sit around a keyword without making the message more than a command. */
const ENGLISH_FILLER = new Set(
  (
    'a an the it this that my me i we us you your our please pls can could would will do does did is are am s ' +
    "to for of on now just go ahead and again ok okay thanks thank hey nemo final current project " +
    'video mp4 file files clip movie result show see check view tell get give what whats how many much left have ' +
    'remaining there let lets want need local locally machine here with ffmpeg'
  ).split(' '),
);

/** Chinese filler, longest first so "我的视频" goes before "视频". */
const CHINESE_FILLER = [
  '我的视频', '这个视频', '查看一下', '帮我', '给我', '请你', '一下', '视频', '文件', '我的', '这个', '现在', '当前',
  '本地', '查看', '看看', '显示', '查询', '还有', '多少', '剩余', '剩下', '可以', '一个', '成片', '成', '为', '请', '把', '吧',
  '的', '了', '吗', '呢', '我', '下', '看',
];

const MAX_COMMAND_WORDS = 10;

/** The first command keyword in the text and where it is, if any. */
function firstKeyword(text: string): { intent: CommandIntent; at: number } | undefined {
  let found: { intent: CommandIntent; at: number } | undefined;
  for (const intent of Object.keys(ENGLISH_KEYWORDS) as CommandIntent[]) {
    const en = (ENGLISH_KEYWORDS[intent] as string[]).map((k) => new RegExp(`(?<![a-z])${k}(?![a-z])`).exec(text)?.index);
    const zh = CHINESE_KEYWORDS[intent].map((k) => text.indexOf(k));
    for (const at of [...en, ...zh]) {
      if (at !== undefined && at >= 0 && (found === undefined || at < found.at)) found = { intent, at };
    }
  }
  return found;
}

/** True when nothing but keywords, filler, punctuation and "mp4"-like tokens remain. */
function onlyCommandWords(text: string): boolean {
  let rest = text;
  for (const k of [...Object.values(CHINESE_KEYWORDS).flat(), ...CHINESE_FILLER]) rest = rest.split(k).join(' ');
  const words = rest.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length > MAX_COMMAND_WORDS) return false;
  const keywords = new Set(Object.values(ENGLISH_KEYWORDS).flat());
  return words.every((w) => keywords.has(w) || ENGLISH_FILLER.has(w));
}

/** "send" is only an export word next to what is sent: "send me the video", "send it". */
function isBareSend(text: string): boolean {
  return /(?<![a-z])send(?![a-z])/.test(text) && !/(?<![a-z])(video|mp4|it|file|movie|result)(?![a-z])/.test(text);
}

export function routeIntent(text: string, opts: { hasAttachment?: boolean } = {}): Intent {
  if (opts.hasAttachment) return 'upload';
  const lower = text.normalize('NFKC').toLowerCase().trim();
  if (lower === '') return 'message';
  // An answer to the agent's questions ("1. Export format?: MP4") goes to the agent, whatever its words.
  if (isAnswer(text)) return 'message';
  const hit = firstKeyword(lower);
  if (hit === undefined || !onlyCommandWords(lower)) return 'message';
  if (hit.intent === 'export' && isBareSend(lower) && !/export|download|导出|下载/.test(lower)) return 'message';
  if (hit.intent === 'export' && asksForLocal(lower)) return 'export-local';
  return hit.intent;
}

/** "export locally", "export on this machine", "本地导出", or `/export local`: render here with ffmpeg. */
export function asksForLocal(text: string): boolean {
  return /(?<![a-z])(local|locally|ffmpeg)(?![a-z])|this machine|本地/.test(text.normalize('NFKC').toLowerCase());
}
