// The emulator's cloud render is local export's renderer (src/localRender: the same planner and
// runner), so what the emulator renders is what `nemo export --local` and "Export Locally" render:
// one code path, tested once. Media the emulator's own agent names (`<cdn>/media/gen_<n>.mp4`,
// `music_<n>.mp3`) is made here with ffmpeg (a coloured clip with a tone, a tone), cached beside the
// renders and served by the CDN; any other media is drawn as local export's missing-media placeholder.
// Outputs are cached by draft hash in a directory shared by every emulator on the machine.

import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDraft, type Draft } from '../../src/draft';
import { writeFileAtomically } from '../../src/nemo/atomicFile';
import { renderDraft } from '../../src/localRender/localExport';
import { segmentKey, type PlannedMedia } from '../../src/localRender/plan';

/** The emulator renders small and fast: 10 frames a second, x264's fastest preset. */
const FPS = 10;
const MAX_DURATION_MS = 600_000;
const DEFAULT_DURATION_MS = 10_000;
/** Made media is this long; a longer segment holds the last frame (video) or falls silent (music). */
const MADE_MEDIA_SECONDS = 30;

export function resolveFfmpeg(configured: string): string {
  if (configured) return configured;
  if (process.env.FFMPEG_PATH) return process.env.FFMPEG_PATH;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

function defaultCacheDir(): string {
  return join(tmpdir(), 'nemo-emulator-renders');
}

/** `gen_3.mp4` / `music_3.mp3`: the names the emulator's agent gives the media it "generates". */
export const MADE_MEDIA = /^(gen|music)_(\d{1,9})\.(mp4|mp3)$/;

export class Mp4Renderer {
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly running = new Set<AbortController>();
  private readonly making = new Map<string, Promise<string>>();

  constructor(
    private readonly ffmpegPath: () => string,
    /** The CDN's base URL, where the agent's media lives (`<base>/media/<name>`). */
    private readonly mediaBase: () => string,
    readonly cacheDir = defaultCacheDir(),
  ) {}

  /** Stops encodes still running (the emulator is closing: nobody will fetch their output). */
  stop(): void {
    for (const c of this.running) c.abort();
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

  /** A made medium's file (generated once, then cached); undefined for a name the agent never gives. */
  madeMedia(name: string): Promise<string> | undefined {
    const m = MADE_MEDIA.exec(name);
    if (!m) return undefined;
    let file = this.making.get(name);
    if (!file) {
      file = this.make(name, m[1] === 'gen' ? 'clip' : 'music', Number(m[2]));
      this.making.set(name, file);
      file.catch(() => this.making.delete(name));
    }
    return file;
  }

  private async encode(draftText: string, output: string): Promise<string> {
    const done = await stat(output).catch(() => undefined);
    if (done && done.size > 0) return output;
    await mkdir(this.cacheDir, { recursive: true });
    const parsed = parseDraft(draftText) ?? { duration: 0, tracks: [] };
    const d = parsed.duration > 0 ? parsed.duration : DEFAULT_DURATION_MS;
    const draft: Draft = { ...parsed, duration: Math.min(MAX_DURATION_MS, Math.max(500, d)) };
    const controller = new AbortController();
    this.running.add(controller);
    try {
      await renderDraft(draft, await this.mediaOf(draft), output, { ffmpegPath: this.ffmpegPath(), fps: FPS, preset: 'ultrafast', signal: controller.signal });
      return output;
    } finally {
      this.running.delete(controller);
    }
  }

  /** The made media the draft names on this emulator's CDN; everything else stays missing. */
  private async mediaOf(draft: Draft): Promise<Map<string, PlannedMedia>> {
    const media = new Map<string, PlannedMedia>();
    const prefix = `${this.mediaBase()}/media/`;
    for (const track of draft.tracks) {
      for (const seg of track.segments) {
        const name = seg.src?.startsWith(prefix) ? seg.src.slice(prefix.length) : undefined;
        const file = name === undefined ? undefined : this.madeMedia(name);
        if (!file) continue;
        const clip = name!.endsWith('.mp4');
        media.set(segmentKey(track, seg), { path: await file, kind: clip ? 'video' : 'audio', hasAudio: true, durationMs: MADE_MEDIA_SECONDS * 1000 });
      }
    }
    return media;
  }

  private async make(name: string, kind: 'clip' | 'music', n: number): Promise<string> {
    await mkdir(this.cacheDir, { recursive: true });
    const file = join(this.cacheDir, `media-${name}`);
    if ((await stat(file).catch(() => undefined))?.size) return file;
    const hue = (n * 67) % 360;
    const args = kind === 'clip'
      ? ['-f', 'lavfi', '-i', `color=c=0x1f3b57:s=640x360:r=${FPS}:d=${MADE_MEDIA_SECONDS},hue=h=${hue}`,
        '-f', 'lavfi', '-i', `sine=frequency=${330 + (n % 5) * 110}:sample_rate=44100:duration=${MADE_MEDIA_SECONDS}`,
        '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k', '-shortest', '-movflags', '+faststart', '-f', 'mp4']
      : ['-f', 'lavfi', '-i', `sine=frequency=${220 + (n % 4) * 55}:sample_rate=44100:duration=${MADE_MEDIA_SECONDS}`, '-c:a', 'libmp3lame', '-b:a', '64k', '-f', 'mp3'];
    await writeFileAtomically(file, (tmp) => this.ffmpeg([...args, tmp]));
    return file;
  }

  private ffmpeg(args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      const child: ChildProcess = spawn(this.ffmpegPath(), ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${stderr.trim()}`))));
    });
  }
}
