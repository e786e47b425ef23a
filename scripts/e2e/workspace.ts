// A scratch workspace with a few small real media files (made by ffmpeg, so the upload and export
// paths see genuine containers), plus files the extension must refuse.
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './processes';

export const FFMPEG: string = ffmpeg.path;

export const MEDIA = {
  video: 'clip.mp4',
  image: 'logo.png',
  audio: 'jingle.wav',
  text: 'notes.txt',
  program: 'setup.exe',
} as const;

export async function makeWorkspace(dir: string): Promise<string> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const ff = (...args: string[]) => run(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { cwd: dir });
  await Promise.all([
    ff('-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:duration=2', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2',
      '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', MEDIA.video),
    ff('-f', 'lavfi', '-i', 'testsrc=size=256x256:rate=1', '-frames:v', '1', MEDIA.image),
    ff('-f', 'lavfi', '-i', 'sine=frequency=660:duration=1', MEDIA.audio),
  ]);
  writeFileSync(join(dir, MEDIA.text), 'Ideas for the next video.\n');
  writeFileSync(join(dir, MEDIA.program), Buffer.from('MZ not really a program\n'));
  return dir;
}

export interface VideoInfo {
  codec: string;
  width: number;
  height: number;
  durationS: number;
}

/** Reads a video's stream header the way a person would check it: `ffmpeg -i`. */
export async function probeVideo(file: string): Promise<VideoInfo> {
  // ffmpeg -i without an output exits 1 after printing the header; that is the expected outcome.
  const text = await run(FFMPEG, ['-hide_banner', '-i', file]).catch((err: Error) => err.message);
  const duration = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(text);
  const video = /Stream #\S+.*?Video: (\w+).*?, (\d{2,5})x(\d{2,5})/.exec(text);
  if (!duration || !video) throw new Error(`not a video: ${file}\n${text.slice(0, 2000)}`);
  return {
    codec: video[1],
    width: Number(video[2]),
    height: Number(video[3]),
    durationS: Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]),
  };
}
