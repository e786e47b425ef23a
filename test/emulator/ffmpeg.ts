// Turns a draft into a real H.264 MP4: the canvas size and duration of the draft, its text
// segments drawn over a plain background, a quiet tone as AAC when the draft has audio.
// Draft text is hostile input: it reaches ffmpeg only through text files (drawtext `textfile=`,
// with expansion off), never inside the filter string or a shell.

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDraft } from './agent';

const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const FPS = 10;

export interface RenderSpec {
  width: number;
  height: number;
  durationMs: number;
  hasAudio: boolean;
  texts: { text: string; startMs: number; durationMs: number; large: boolean }[];
}

export function resolveFfmpeg(configured: string): string {
  if (configured) return configured;
  if (process.env.FFMPEG_PATH) return process.env.FFMPEG_PATH;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

function even(n: unknown, fallback: number): number {
  const v = typeof n === 'number' && Number.isFinite(n) ? Math.round(n) : fallback;
  return Math.min(3840, Math.max(16, v - (v % 2)));
}

/** What the render shows, read tolerantly from the draft text (whatever the test planted). */
export function renderSpecOf(draftText: string): RenderSpec {
  const draft = parseDraft(draftText);
  const width = even(draft?.m.width, 1920);
  const height = even(draft?.m.height, 1080);
  const rawD = draft?.d ?? 0;
  const durationMs = Math.min(600_000, Math.max(500, Number.isFinite(rawD) && rawD > 0 ? rawD : 10_000));
  const tracks = draft?.t ?? [];
  const texts = tracks
    .filter((t) => t.tt === 7)
    .flatMap((t) => t.sg)
    .filter((s) => typeof s?.m?.text === 'string' && s.m.text !== '')
    .map((s) => ({
      text: String(s.m.text).slice(0, 500),
      startMs: typeof s.st === 'number' ? s.st : 0,
      durationMs: typeof s.d === 'number' ? s.d : durationMs,
      large: /_(large|xl)$/.test(String(s.m.style ?? '')),
    }));
  const hasAudio = tracks.some((t) => t.tt === 1 && t.sg.length > 0);
  return { width, height, durationMs, hasAudio, texts };
}

/** ffmpeg arguments for a spec; text files were written beforehand as textFiles[i]. */
export function ffmpegArgs(spec: RenderSpec, textFiles: string[], output: string, fontPath: string | undefined): string[] {
  const seconds = (spec.durationMs / 1000).toFixed(3);
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `color=c=0x1f3b57:s=${spec.width}x${spec.height}:r=${FPS}:d=${seconds}`];
  if (spec.hasAudio) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`);
  const filters = fontPath
    ? spec.texts.map((t, i) => {
        const size = Math.round((spec.height / 1080) * (t.large ? 110 : 72));
        const from = (t.startMs / 1000).toFixed(3);
        const to = ((t.startMs + t.durationMs) / 1000).toFixed(3);
        return `drawtext=fontfile=${fontPath}:textfile=${textFiles[i]}:expansion=none:fontcolor=white:fontsize=${size}:x=(w-text_w)/2:y=(h-text_h)/2:enable='between(t,${from},${to})'`;
      })
    : [];
  if (filters.length > 0) args.push('-vf', filters.join(','));
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-r', String(FPS));
  if (spec.hasAudio) args.push('-filter:a', 'volume=0.1', '-c:a', 'aac', '-b:a', '64k');
  args.push('-t', seconds, '-movflags', '+faststart', output);
  return args;
}

function run(ffmpeg: string, args: string[], running: Set<ChildProcess>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    running.add(child);
    child.on('exit', () => running.delete(child));
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${stderr.trim()}`))));
  });
}

/**
 * The text files' paths end up inside the filter string, where `:`, `'`, `\\`, `,` and friends are
 * syntax: only a plainly named directory is used, else /tmp.
 */
function defaultCacheDir(): string {
  const base = /^[\w/.-]+$/.test(tmpdir()) ? tmpdir() : '/tmp';
  return join(base, 'nemo-emulator-renders');
}

/** Renders MP4s into a cache directory shared by every emulator on the machine, keyed by draft hash. */
export class Mp4Renderer {
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly running = new Set<ChildProcess>();

  constructor(
    private readonly ffmpegPath: () => string,
    readonly cacheDir = defaultCacheDir(),
  ) {}

  /** Kills encodes still running (the emulator is closing: nobody will fetch their output). */
  stop(): void {
    for (const child of this.running) child.kill('SIGKILL');
  }

  render(draftText: string): Promise<string> {
    const hash = createHash('sha256').update(draftText).digest('hex');
    let job = this.inFlight.get(hash);
    if (!job) {
      job = this.encode(draftText, join(this.cacheDir, `${hash}.mp4`));
      this.inFlight.set(hash, job);
      job.catch(() => this.inFlight.delete(hash)); // a failed encode may be tried again
    }
    return job;
  }

  private async encode(draftText: string, output: string): Promise<string> {
    const done = await stat(output).catch(() => undefined);
    if (done && done.size > 0) return output;
    await mkdir(this.cacheDir, { recursive: true });
    const work = await mkdtemp(join(this.cacheDir, 'job-'));
    try {
      const spec = renderSpecOf(draftText);
      const textFiles = spec.texts.map((_, i) => join(work, `text${i}.txt`));
      await Promise.all(spec.texts.map((t, i) => writeFile(textFiles[i], t.text, 'utf8')));
      const partial = join(work, 'out.mp4');
      await run(this.ffmpegPath(), ffmpegArgs(spec, textFiles, partial, existsSync(FONT) ? FONT : undefined), this.running);
      await rename(partial, output); // atomic: other processes never see half a file
      return output;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
}
