// The planner: a draft and the media found for its segments → one ffmpeg job (arguments, the text
// files drawtext reads, and what is missing). Pure: no files, no processes, so every composition rule
// is tested without ffmpeg, and the runner (runner.ts) only executes what this decides.
//
// Draft text is hostile input: it reaches ffmpeg only through text files (drawtext `textfile=`, with
// expansion off) that the runner writes into the job's working folder; the filter string holds only
// numbers and the fixed names below. Media paths go in as `-i` arguments (no shell, no filter syntax).
import * as l10n from '@vscode/l10n';
import type { Draft, Segment, Track } from '../draft';

/** A segment's media as the cache holds it (probed once, see media.ts). */
export interface PlannedMedia {
  path: string;
  /** What the file holds: an image is shown as a still for the segment's time. */
  kind: 'video' | 'image' | 'audio';
  hasAudio: boolean;
  /** Known for video and audio; a shorter clip holds its last frame (video) or falls silent (audio). */
  durationMs?: number;
}

export type ScaleMode = 'fill' | 'fit';

export interface PlanInput {
  draft: Draft;
  /** Media by segmentKey(); a video, image or audio segment with no entry is missing. */
  media: ReadonlyMap<string, PlannedMedia>;
  /** `fill` crops to the canvas; `fit` letterboxes. */
  scale: ScaleMode;
  fps?: number;
  /** x264's preset: `veryfast` for exports; the emulator's renders take `ultrafast` (size for speed). */
  preset?: 'veryfast' | 'ultrafast';
}

export interface RenderPlan {
  width: number;
  height: number;
  durationMs: number;
  fps: number;
  /** ffmpeg arguments without the output file (the runner adds progress flags and the output). */
  args: string[];
  /** Files the runner writes into the working folder before starting ffmpeg, by name. */
  textFiles: { name: string; text: string }[];
  /** The font the arguments name; the runner puts the shipped font there. */
  fontFile: string;
  /** Segments whose media was not found: drawn as a labelled placeholder (visual) or silent (audio). */
  missing: { track: Track['kind']; name: string }[];
}

export const DEFAULT_CANVAS = { width: 1920, height: 1080 };
export const FONT_FILE = 'font.ttf';
const DEFAULT_FPS = 30;
const SAMPLE_RATE = 48_000;
const MAX_SIDE = 4096;

export function segmentKey(track: Track, seg: Segment): string {
  return `${track.index}/${seg.index}`;
}

/** The name a person knows a segment by, for reports and placeholders. */
export function segmentLabel(seg: Segment): string {
  const src = seg.src?.split(/[?#]/)[0]?.split('/').filter(Boolean).pop();
  return seg.name ?? src ?? seg.text ?? l10n.t('untitled');
}

const isVoice = (seg: Segment) => /voice|narrat|speech|旁白|配音/i.test(`${seg.style ?? ''}`);
// "subtitle" is a caption, not a title.
const isTitle = (seg: Segment) => /(^|[^a-z])title|标题/i.test(seg.style ?? '');

function evenSide(value: number | undefined, fallback: number): number {
  const v = value !== undefined && Number.isFinite(value) && value > 0 ? Math.round(value) : fallback;
  const clamped = Math.min(MAX_SIDE, Math.max(16, v));
  return clamped - (clamped % 2);
}

const sec = (ms: number) => (ms / 1000).toFixed(3);

export function planRender(input: PlanInput): RenderPlan {
  const { draft } = input;
  const fps = input.fps ?? DEFAULT_FPS;
  const width = evenSide(draft.width, DEFAULT_CANVAS.width);
  const height = evenSide(draft.height, DEFAULT_CANVAS.height);
  const durationMs = Math.round(draft.duration);
  const D = sec(durationMs);
  const args: string[] = ['-hide_banner', '-nostdin', '-y'];
  const graph: string[] = [];
  const textFiles: RenderPlan['textFiles'] = [];
  const missing: RenderPlan['missing'] = [];
  const audio: { label: string; role: 'music' | 'voice' | 'other' }[] = [];
  let inputs = 0;
  let labels = 0;
  const label = (prefix: string) => `${prefix}${labels++}`;
  const addInput = (...inputArgs: string[]) => {
    args.push(...inputArgs);
    return inputs++;
  };
  const textFile = (text: string) => {
    const name = `t${textFiles.length}.txt`;
    textFiles.push({ name, text });
    return name;
  };
  const fitFilter = input.scale === 'fill'
    ? `scale=${width}:${height}:force_original_aspect_ratio=increase,crop=${width}:${height}`
    : `scale=${width}:${height}:force_original_aspect_ratio=decrease,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:color=black`;
  const minSide = Math.min(width, height);

  let video = label('v');
  graph.push(`color=c=black:s=${width}x${height}:r=${fps}:d=${D}[${video}]`);
  const silence = label('a');
  graph.push(`anullsrc=r=${SAMPLE_RATE}:cl=stereo,atrim=duration=${D}[${silence}]`);
  audio.push({ label: silence, role: 'other' });

  /** An audio stream placed at `startMs`, `clipMs` long at most, padded with silence to the whole draft. */
  const placeAudio = (source: string, startMs: number, clipMs: number, volume: number, role: 'music' | 'voice' | 'other') => {
    const out = label('a');
    const delay = Math.round(startMs);
    graph.push(`[${source}]aresample=${SAMPLE_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo,atrim=duration=${sec(clipMs)},asetpts=PTS-STARTPTS,`
      + `volume=${volume.toFixed(3)},adelay=${delay}|${delay},apad=whole_len=${Math.ceil((durationMs / 1000) * SAMPLE_RATE)},atrim=duration=${D}[${out}]`);
    audio.push({ label: out, role });
  };

  /** Lays a visual stream over the canvas for [start, start+clip). */
  const overlay = (source: string, startMs: number, clipMs: number) => {
    const out = label('v');
    graph.push(`[${video}][${source}]overlay=eof_action=pass:enable='gte(t,${sec(startMs)})*lt(t,${sec(startMs + clipMs)})'[${out}]`);
    video = out;
  };

  for (const track of draft.tracks) {
    if (track.kind !== 'video' && track.kind !== 'audio') continue;
    for (const seg of track.segments) {
      const clipMs = Math.min(seg.duration, durationMs - seg.start);
      if (clipMs <= 0) continue;
      const media = input.media.get(segmentKey(track, seg));
      const volume = Math.max(0, Math.min(seg.volume ?? 1, 4));
      if (!media) {
        missing.push({ track: track.kind, name: segmentLabel(seg) });
        if (track.kind === 'video') {
          const placeholder = label('v');
          const size = Math.round(minSide * 0.045);
          const file = textFile(l10n.t('Missing media: {0}', segmentLabel(seg)));
          graph.push(`color=c=0x2b2f36:s=${width}x${height}:r=${fps}:d=${sec(clipMs)},`
            + `drawtext=fontfile=${FONT_FILE}:textfile=${file}:expansion=none:fontcolor=white:fontsize=${size}:x=(w-text_w)/2:y=(h-text_h)/2,`
            + `setpts=PTS-STARTPTS+${sec(seg.start)}/TB[${placeholder}]`);
          overlay(placeholder, seg.start, clipMs);
        }
        continue;
      }
      if (track.kind === 'audio' || media.kind === 'audio') {
        if (!media.hasAudio) {
          missing.push({ track: track.kind, name: segmentLabel(seg) });
          continue;
        }
        const index = addInput('-t', sec(clipMs), '-i', media.path);
        placeAudio(`${index}:a`, seg.start, clipMs, volume, track.kind === 'audio' ? (isVoice(seg) ? 'voice' : 'music') : 'other');
        continue;
      }
      const still = media.kind === 'image';
      const index = still
        ? addInput('-loop', '1', '-framerate', String(fps), '-t', sec(clipMs), '-i', media.path)
        : addInput('-t', sec(clipMs), '-i', media.path);
      const clip = label('v');
      // A clip shorter than its segment holds its last frame rather than showing the canvas.
      graph.push(`[${index}:v]setpts=PTS-STARTPTS,fps=${fps},${fitFilter},setsar=1,format=yuv420p,`
        + `tpad=stop_mode=clone:stop_duration=${sec(clipMs)},trim=duration=${sec(clipMs)},setpts=PTS-STARTPTS+${sec(seg.start)}/TB[${clip}]`);
      overlay(clip, seg.start, clipMs);
      if (!still && media.hasAudio) placeAudio(`${index}:a`, seg.start, clipMs, volume, 'other');
    }
  }

  for (const track of draft.tracks) {
    if (track.kind !== 'text') continue;
    for (const seg of track.segments) {
      const clipMs = Math.min(seg.duration, durationMs - seg.start);
      if (clipMs <= 0 || seg.text === undefined || seg.text.trim() === '') continue;
      const title = isTitle(seg);
      const size = Math.round(minSide * (title ? 0.085 : 0.05));
      const file = textFile(wrap(seg.text, Math.max(8, Math.floor((width * 0.9) / (size * 0.6)))));
      const look = title
        ? `fontcolor=white:fontsize=${size}:borderw=${Math.max(2, Math.round(size / 16))}:bordercolor=black@0.8:x=(w-text_w)/2:y=(h-text_h)/2`
        : `fontcolor=white:fontsize=${size}:box=1:boxcolor=black@0.55:boxborderw=${Math.round(size / 3)}:x=(w-text_w)/2:y=h-text_h-${Math.round(height * 0.08)}`;
      const out = label('v');
      graph.push(`[${video}]drawtext=fontfile=${FONT_FILE}:textfile=${file}:expansion=none:line_spacing=${Math.round(size / 4)}:${look}`
        + `:enable='gte(t,${sec(seg.start)})*lt(t,${sec(seg.start + clipMs)})'[${out}]`);
      video = out;
    }
  }

  const mixed = mixAudio(graph, audio, label);
  graph.push(`[${video}]format=yuv420p[vout]`);
  args.push(
    '-filter_complex', graph.join(';'),
    '-map', '[vout]', '-map', `[${mixed}]`,
    '-c:v', 'libx264', '-preset', input.preset ?? 'veryfast', '-crf', '21', '-pix_fmt', 'yuv420p', '-r', String(fps),
    '-c:a', 'aac', '-b:a', '160k', '-ar', String(SAMPLE_RATE), '-ac', '2',
    '-t', D, '-movflags', '+faststart', '-f', 'mp4',
  );
  return { width, height, durationMs, fps, args, textFiles, fontFile: FONT_FILE, missing };
}

/**
 * One stereo stream for the whole draft. Every input is exactly the draft's length, so amix divides
 * each by the same count the whole time (older ffmpeg has no `normalize=0`) and `volume` undoes it.
 * Music is ducked under the voice with a sidechain compressor when both are there.
 */
function mixAudio(graph: string[], audio: { label: string; role: 'music' | 'voice' | 'other' }[], label: (p: string) => string): string {
  const mixOf = (labels: string[]) => {
    if (labels.length === 1) return labels[0];
    const out = label('a');
    graph.push(`${labels.map((l) => `[${l}]`).join('')}amix=inputs=${labels.length}:duration=first:dropout_transition=0,volume=${labels.length}[${out}]`);
    return out;
  };
  const music = audio.filter((a) => a.role === 'music').map((a) => a.label);
  const voice = audio.filter((a) => a.role === 'voice').map((a) => a.label);
  const rest = audio.filter((a) => a.role === 'other').map((a) => a.label);
  if (music.length === 0 || voice.length === 0) return mixOf([...rest, ...music, ...voice]);
  const voiceMix = mixOf(voice);
  const [voiceOut, voiceKey, ducked] = [label('a'), label('a'), label('a')];
  graph.push(`[${voiceMix}]asplit=2[${voiceOut}][${voiceKey}]`);
  graph.push(`[${mixOf(music)}][${voiceKey}]sidechaincompress=threshold=0.02:ratio=8:attack=20:release=400[${ducked}]`);
  return mixOf([...rest, ducked, voiceOut]);
}

/** Breaks text into lines of at most `maxChars` at spaces (drawtext does not wrap); CJK breaks anywhere. */
export function wrap(text: string, maxChars: number): string {
  const lines: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    let line = '';
    for (const word of paragraph.split(/(\s+)/).filter((w) => w !== '')) {
      if (/^\s+$/.test(word)) {
        if (line) line += ' ';
        continue;
      }
      let rest = word;
      while ([...line].length + [...rest].length > maxChars) {
        if (line.trim()) {
          lines.push(line.trimEnd());
          line = '';
          continue;
        }
        const chars = [...rest];
        lines.push(chars.slice(0, maxChars).join(''));
        rest = chars.slice(maxChars).join('');
      }
      line += rest;
    }
    lines.push(line.trimEnd());
  }
  return lines.join('\n');
}
