// Real media made in the test with ffmpeg (@ffmpeg-installer), and a plain HTTP server that serves
// it on 127.0.0.1 and counts requests: what local export downloads, caches and renders.
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';

export const FFMPEG = ffmpegInstaller.path;
const run = promisify(execFile);

export async function ffmpeg(...args: string[]): Promise<string> {
  const { stderr } = await run(FFMPEG, ['-hide_banner', '-nostdin', '-y', ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stderr;
}

/** A clip of one colour with a sine tone, a still image of another colour, a tone as MP3. */
export async function makeTestMedia(dir: string, o: { width: number; height: number; seconds: number }): Promise<{ clip: string; still: string; music: string }> {
  const clip = join(dir, 'red-tone.mp4');
  const still = join(dir, 'blue.png');
  const music = join(dir, 'tone.mp3');
  await Promise.all([
    ffmpeg('-f', 'lavfi', '-i', `color=c=red:s=${o.width}x${o.height}:r=10:d=${o.seconds}`, '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${o.seconds}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', clip),
    ffmpeg('-f', 'lavfi', '-i', `color=c=blue:s=${o.width}x${o.height}`, '-frames:v', '1', still),
    ffmpeg('-f', 'lavfi', '-i', `sine=frequency=660:sample_rate=44100:duration=${o.seconds}`, '-c:a', 'libmp3lame', music),
  ]);
  return { clip, still, music };
}

export interface MediaServer {
  url: string;
  /** Paths requested, in order. */
  requests: string[];
  /** Headers of every request (to prove no credentials reach it). */
  headers: Record<string, string | string[] | undefined>[];
  close(): Promise<void>;
}

/** Serves `files` (URL path → file) on 127.0.0.1; anything else is 404. */
export async function startMediaServer(files: Record<string, string>): Promise<MediaServer> {
  const requests: string[] = [];
  const headers: MediaServer['headers'] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(path);
    headers.push(req.headers);
    const file = files[path];
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    void stat(file).then((s) => {
      res.writeHead(200, { 'Content-Length': String(s.size), 'Content-Type': 'application/octet-stream' });
      createReadStream(file).pipe(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    headers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface Mp4Facts {
  durationS: number;
  video: { codec: string; pixFmt: string; width: number; height: number } | undefined;
  audio: { codec: string } | undefined;
}

/** What `ffmpeg -i` says about an MP4 (ffprobe does not come with @ffmpeg-installer). */
export async function mp4Facts(file: string): Promise<Mp4Facts> {
  const text = await run(FFMPEG, ['-hide_banner', '-i', file]).then(() => '', (e: { stderr: string }) => e.stderr);
  const d = /Duration: (\d+):(\d+):([\d.]+)/.exec(text);
  const v = /Video: (\w+)[^,]*, (\w+)[^,]*, (\d+)x(\d+)/.exec(text);
  const a = /Audio: (\w+)/.exec(text);
  return {
    durationS: d ? Number(d[1]) * 3600 + Number(d[2]) * 60 + Number(d[3]) : NaN,
    video: v ? { codec: v[1], pixFmt: v[2], width: Number(v[3]), height: Number(v[4]) } : undefined,
    audio: a ? { codec: a[1] } : undefined,
  };
}

/** Every frame as RGB24 (small test videos only). */
export async function rgbFrames(file: string, width: number, height: number): Promise<Buffer[]> {
  const { stdout } = await run(FFMPEG, ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 });
  const size = width * height * 3;
  return Array.from({ length: Math.floor(stdout.length / size) }, (_, i) => stdout.subarray(i * size, (i + 1) * size));
}

/** The loudest sample between two times, in dB (-Infinity for digital silence). */
export async function peakDb(file: string, fromS: number, toS: number): Promise<number> {
  const stderr = await ffmpeg('-ss', String(fromS), '-t', String(toS - fromS), '-i', file, '-vn', '-af', 'volumedetect', '-f', 'null', '-');
  const m = /max_volume: (-?[\d.]+|-inf) dB/.exec(stderr);
  return !m || m[1] === '-inf' ? -Infinity : Number(m[1]);
}
