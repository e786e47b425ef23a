// The scripted agent: a deterministic function from (prompt, current draft) to a turn script —
// what to say, which tools to "call", and the draft afterwards. Words it understands:
//   generation: make/create/generate/produce … video/demo/teaser/clip/… (+ "N-second"/"Ns",
//               9:16 | 1:1 | 16:9 | vertical | square, a quoted title, "… music")
//   edits:      make the title bigger · remove the music · swap/change the music · add music ·
//               change the title to X · make it 9:16 · make it 15 seconds
// It sometimes speaks as if it had a GUI ("click the Export button"), as the real one does.

export interface Segment {
  st: number;
  d: number;
  m: Record<string, unknown>;
  [key: string]: unknown;
}
export interface Track {
  tt: number;
  sg: Segment[];
  [key: string]: unknown;
}
export interface Draft {
  d: number;
  m: Record<string, unknown> & { width?: number; height?: number; title?: string };
  t: Track[];
  [key: string]: unknown;
}

export type TurnStep =
  | { kind: 'say'; text: string }
  | { kind: 'tool'; name: string; args: Record<string, unknown>; result: Record<string, unknown> }
  /** A question for the person (contract: a tool call `ask_question`, then the stream closes; no result). */
  | { kind: 'ask'; args: Record<string, unknown> };

export interface TurnPlan {
  kind: 'generation' | 'edit' | 'chat';
  cost: number;
  steps: TurnStep[];
  /** The draft after the turn (committed when the tool results are streamed); undefined: unchanged. */
  draft?: Draft;
  generatedMedia?: Record<string, unknown>;
}

export const GENERATION_COST = 100;
export const EDIT_COST = 50;

const MUSIC_LIBRARY = ['Upbeat Pop', 'Lo-fi Chill', 'Cinematic Strings', 'Acoustic Morning'];
const RATIOS: Record<string, { width: number; height: number }> = {
  '16:9': { width: 1920, height: 1080 },
  '9:16': { width: 1080, height: 1920 },
  '1:1': { width: 1080, height: 1080 },
};

const VIDEO_NOUN = /\b(video|demo|teaser|clip|trailer|promo|reel|ad|short|montage|intro|explainer|animation)s?\b|视频|短片/i;
const GENERATION_VERB = /\b(make|create|generate|produce|build|render)\b|生成|制作/i;
/** "make a/an/another … video": a new video even when the session already has one. */
const NEW_VIDEO = /\b(make|create|generate|produce|build)\s+(me\s+)?(a|an|another|a new)\b/i;

function isGeneration(prompt: string, hasDraft: boolean): boolean {
  if (GENERATION_VERB.test(prompt) && VIDEO_NOUN.test(prompt)) return hasDraft ? NEW_VIDEO.test(prompt) || /生成|制作/.test(prompt) : true;
  // Without a draft, a message that starts with a generation verb is a request for a video.
  return !hasDraft && /^\s*(please\s+)?(make|create|generate|produce)\b/i.test(prompt);
}

function ratioOf(prompt: string): string | undefined {
  const m = /\b(16:9|9:16|1:1)\b/.exec(prompt);
  if (m) return m[1];
  if (/\b(vertical|portrait)\b/i.test(prompt)) return '9:16';
  if (/\bsquare\b/i.test(prompt)) return '1:1';
  if (/\b(landscape|horizontal|widescreen)\b/i.test(prompt)) return '16:9';
  return undefined;
}

function secondsOf(prompt: string): number | undefined {
  const m = /(\d+(?:\.\d+)?)\s*-?\s*(?:seconds?|secs?|s)\b/i.exec(prompt);
  if (!m) return undefined;
  return Math.min(600, Math.max(1, Number(m[1])));
}

function quotedOf(prompt: string): string | undefined {
  const m = /(?:^|[\s(:,])'([^']+)'(?=$|[\s.,!?;:)])|"([^"]+)"|“([^”]+)”|‘([^’]+)’/.exec(prompt);
  return m ? (m[1] ?? m[2] ?? m[3] ?? m[4]).trim() : undefined;
}

function wantsMusic(prompt: string): boolean {
  return /\b(music|soundtrack|bgm|song|tune)\b/i.test(prompt) && !/\b(no|without)\s+(background\s+)?(music|soundtrack|bgm)\b/i.test(prompt);
}

function musicName(prompt: string, fallback = MUSIC_LIBRARY[0]): string {
  const m = /\b([a-z-]+)\s+(?:background\s+)?(?:music|soundtrack|song)\b/i.exec(prompt);
  const mood = m?.[1].toLowerCase();
  if (!mood || ['background', 'some', 'the', 'with', 'and', 'add', 'of'].includes(mood)) return fallback;
  return `${mood[0].toUpperCase()}${mood.slice(1)} background music`;
}

/** The subject of a generation prompt, used as the video segment's name. */
function subjectOf(prompt: string): string {
  let s = prompt.replace(/^.*?\b(make|create|generate|produce|build|render)\b\s+(me\s+)?/i, '');
  s = s.replace(/(?:^|[\s(:,])'[^']+'|"[^"]+"|“[^”]+”/g, ' ');
  s = s.split(/\b(with|featuring|and the title|titled|called|set to)\b|[.;!?]/i)[0];
  s = s.replace(/\b\d+(?:\.\d+)?\s*-?\s*(?:seconds?|secs?|s)\b(\s+long)?/gi, ' ');
  s = s.replace(/\b(16:9|9:16|1:1|vertical|portrait|square|landscape)\b/gi, ' ');
  s = s.replace(/^\s*(an?|the)\s+/i, '').replace(/\s+/g, ' ').trim();
  s = s.replace(/\s+(for|of|about|on|to|from)$/i, '');
  return (s || 'generated clip').slice(0, 60);
}

function clone(draft: Draft): Draft {
  return JSON.parse(JSON.stringify(draft)) as Draft;
}

function fitTo(draft: Draft, durationMs: number): void {
  draft.d = durationMs;
  for (const track of draft.t) {
    for (const seg of track.sg) {
      if (track.tt === 7) seg.d = Math.min(seg.d, durationMs);
      else {
        seg.st = 0;
        seg.d = durationMs;
      }
    }
  }
}

function textTrack(draft: Draft): Track | undefined {
  return draft.t.find((t) => t.tt === 7 && t.sg.length > 0);
}

function generate(prompt: string, mediaBase: string, counter: number): TurnPlan {
  const seconds = secondsOf(prompt) ?? 10;
  const ratio = ratioOf(prompt) ?? '16:9';
  const title = quotedOf(prompt);
  const name = subjectOf(prompt);
  const d = Math.round(seconds * 1000);
  const clipUrl = `${mediaBase}/media/gen_${counter}.mp4`;
  const draft: Draft = {
    d,
    m: { title: title ?? name, ...RATIOS[ratio] },
    t: [{ tt: 0, sg: [{ st: 0, d, m: { name, src: clipUrl } }] }],
  };
  const steps: TurnStep[] = [
    {
      kind: 'say',
      text: `Sure! I'll create a ${seconds}-second ${ratio} video: ${name}${title ? `, titled '${title}'` : ''}.`,
    },
    {
      kind: 'tool',
      name: 'generate_video',
      args: { prompt, duration_s: seconds, aspect_ratio: ratio },
      result: { status: 'ok', clip_id: `gen_${counter}`, duration: seconds, url: clipUrl },
    },
  ];
  if (wantsMusic(prompt)) {
    const music = musicName(prompt);
    draft.t.push({ tt: 1, sg: [{ st: 0, d, m: { name: music, vol: 0.35, src: `${mediaBase}/media/music_${counter}.mp3` } }] });
    steps.push({ kind: 'tool', name: 'add_music', args: { mood: music }, result: { status: 'ok', track: music } });
  }
  if (title) {
    draft.t.push({ tt: 7, sg: [{ st: 0, d: Math.min(3000, d), m: { text: title, style: 'title' } }] });
    steps.push({ kind: 'tool', name: 'add_text', args: { text: title, style: 'title' }, result: { status: 'ok' } });
  }
  steps.push({
    kind: 'say',
    text: ' Your video is ready on the timeline. Preview it in the timeline, and click the Export button when you\'re happy with it.',
  });
  return {
    kind: 'generation',
    cost: GENERATION_COST,
    steps,
    draft,
    generatedMedia: { id: `gen_${counter}`, type: 'video', name, duration: seconds, url: clipUrl },
  };
}

function edited(intro: string, tool: string, args: Record<string, unknown>, draft: Draft, outro: string): TurnPlan {
  return {
    kind: 'edit',
    cost: EDIT_COST,
    draft,
    steps: [
      { kind: 'say', text: intro },
      { kind: 'tool', name: tool, args, result: { status: 'ok' } },
      { kind: 'say', text: outro },
    ],
  };
}

function chat(text: string): TurnPlan {
  return { kind: 'chat', cost: 0, steps: [{ kind: 'say', text }] };
}

/** Returns undefined when the prompt is not an edit this agent knows. */
function edit(prompt: string, current: Draft, mediaBase: string, counter: number): TurnPlan | undefined {
  const draft = clone(current);
  const p = prompt.toLowerCase();

  const retitle = /\b(?:change|set|rename|update)\s+the\s+title\s+to\s+(.+)$/i.exec(prompt);
  if (retitle) {
    const text = quotedOf(retitle[1]) ?? retitle[1].replace(/[.!]+$/, '').trim();
    const track = textTrack(draft);
    if (track) track.sg[0].m.text = text;
    else draft.t.push({ tt: 7, sg: [{ st: 0, d: Math.min(3000, draft.d), m: { text, style: 'title' } }] });
    draft.m.title = text;
    return edited(`Changing the title to '${text}'.`, 'edit_text', { text }, draft, ' Done: the title now reads the new text.');
  }
  if (/\btitle\b.*\b(bigger|larger|huge)\b|\b(bigger|larger)\s+title\b/.test(p)) {
    const track = textTrack(draft);
    if (!track) return chat('There is no title on the timeline yet. Tell me what it should say.');
    const style = String(track.sg[0].m.style ?? 'title');
    track.sg[0].m.style = style.endsWith('_large') ? `${style.replace(/_large$/, '')}_xl` : `${style}_large`;
    return edited('Making the title bigger.', 'style_text', { style: track.sg[0].m.style }, draft, ' Done. Drag the title on the timeline if you want to move it.');
  }
  if (/\b(remove|delete|drop|mute)\b.*\b(music|soundtrack|bgm|audio)\b|\bno (more )?music\b/.test(p)) {
    draft.t = draft.t.filter((t) => t.tt !== 1);
    return edited('Removing the background music.', 'remove_track', { type: 'audio' }, draft, ' Done: the video is silent now.');
  }
  if (/\b(swap|change|replace|switch|different)\b.*\b(music|soundtrack|bgm|song)\b/.test(p)) {
    const track = draft.t.find((t) => t.tt === 1 && t.sg.length > 0);
    const current = track ? String(track.sg[0].m.name ?? '') : '';
    const next = MUSIC_LIBRARY[(MUSIC_LIBRARY.indexOf(current) + 1 + MUSIC_LIBRARY.length) % MUSIC_LIBRARY.length];
    const seg: Segment = { st: 0, d: draft.d, m: { name: next, vol: 0.35, src: `${mediaBase}/media/music_${counter}.mp3` } };
    if (track) track.sg[0] = seg;
    else draft.t.push({ tt: 1, sg: [seg] });
    return edited(`Swapping the music for ${next}.`, 'replace_music', { name: next }, draft, ' Done. Open the timeline panel to hear it.');
  }
  if (/\badd\b.*\b(music|soundtrack|bgm|song)\b/.test(p)) {
    const name = musicName(prompt);
    draft.t = draft.t.filter((t) => t.tt !== 1);
    draft.t.push({ tt: 1, sg: [{ st: 0, d: draft.d, m: { name, vol: 0.35, src: `${mediaBase}/media/music_${counter}.mp3` } }] });
    return edited(`Adding ${name}.`, 'add_music', { mood: name }, draft, ' Done.');
  }
  const ratio = /\b(make|turn|change|set|convert)\b.*\b(it|video|format|ratio|aspect)\b/.test(p) ? ratioOf(prompt) : undefined;
  if (ratio) {
    Object.assign(draft.m, RATIOS[ratio]);
    return edited(`Reframing the video to ${ratio}.`, 'set_aspect_ratio', { aspect_ratio: ratio }, draft, ' Done.');
  }
  const seconds = /\b(make|trim|cut|extend|change|set)\b.*\b(it|video|duration|length)\b/.test(p) ? secondsOf(prompt) : undefined;
  if (seconds) {
    fitTo(draft, Math.round(seconds * 1000));
    return edited(`Changing the length to ${seconds} seconds.`, 'set_duration', { duration_s: seconds }, draft, ' Done. Preview it in the timeline.');
  }
  return undefined;
}

/**
 * Plans one turn. `counter` makes generated names unique per emulator; `mediaBase` is where the
 * (fictional) generated media would live.
 */
/** "…, ask me first": the agent asks before it does the request. */
const ASK_FIRST = /[,.;]?\s*(?:and\s+)?ask me first[.!]?\s*$/i;

/** What the agent asks before a request "…, ask me first". */
export const AGENT_QUESTIONS = {
  title: 'Before I start',
  questions: [
    { id: 'style', prompt: 'Which style?', options: [{ id: 'cinematic', label: 'Cinematic' }, { id: 'playful', label: 'Playful' }], allow_multiple: false },
    { id: 'extras', prompt: 'What should I add?', options: [{ id: 'music', label: 'Music' }, { id: 'title', label: 'A title' }], allow_multiple: true },
  ],
};

/** The request without "…, ask me first", or undefined when it does not ask for questions. */
export function askedFirst(prompt: string): string | undefined {
  return ASK_FIRST.test(prompt) ? prompt.replace(ASK_FIRST, '').trim() : undefined;
}

/** "What is my token?": the agent repeats the caller's token, as a careless backend might (no client output may show it). */
const ASKS_FOR_TOKEN = /\b(?:what is|repeat|say|show)\s+my\s+token\b/i;

export function tokenEchoPlan(prompt: string, token: string | undefined): TurnPlan | undefined {
  if (token === undefined || !ASKS_FOR_TOKEN.test(prompt)) return undefined;
  return chat(`Your token is ${token}. Send it as Bearer ${token} if you call the API yourself.`);
}

export function questionPlan(): TurnPlan {
  return { kind: 'chat', cost: 0, steps: [{ kind: 'say', text: 'Happy to. A few questions first.' }, { kind: 'ask', args: AGENT_QUESTIONS }] };
}

/**
 * The request asked about, with the answer (`N. <prompt>: <labels>` lines) folded in: music and a
 * title when chosen, and the style as the title's word.
 */
export function answeredRequest(request: string, answer: string): string {
  const style = /Which style\?:\s*(\w+)/i.exec(answer)?.[1];
  const extras = /What should I add\?:\s*(.*)$/im.exec(answer)?.[1] ?? '';
  let text = request;
  if (/music/i.test(extras)) text += ' with background music';
  if (/title/i.test(extras)) text += ` and the title '${style ?? 'Hello'}'`;
  return text;
}

export function planTurn(prompt: string, current: Draft | undefined, mediaBase: string, counter: number): TurnPlan {
  if (isGeneration(prompt, current !== undefined)) return generate(prompt, mediaBase, counter);
  if (current) {
    const plan = edit(prompt, current, mediaBase, counter);
    if (plan) return plan;
  }
  if (!current && /\b(title|music|bigger|remove|swap|9:16|1:1|seconds)\b/i.test(prompt)) {
    return chat('There is no video in this session yet. Describe the video you want and I will make it.');
  }
  return chat('I can generate a video from a description, or edit the one on the timeline: change the title, the music, the length or the aspect ratio.');
}

/** Reads a stored draft for the agent; a draft the agent cannot understand is treated as absent. */
export function parseDraft(text: string | undefined): Draft | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<Draft>;
    if (typeof value !== 'object' || value === null || !Array.isArray(value.t)) return undefined;
    return {
      ...value,
      d: typeof value.d === 'number' ? value.d : 0,
      m: typeof value.m === 'object' && value.m !== null ? value.m : {},
      t: value.t.filter((t): t is Track => typeof t === 'object' && t !== null && Array.isArray((t as Track).sg)),
    } as Draft;
  } catch {
    return undefined;
  }
}
