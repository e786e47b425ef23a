// What `ffmpeg -i` says about a video: codec, frame size and duration (the ffmpeg binary comes from
// @ffmpeg-installer/ffmpeg, or FFMPEG_PATH).
import { execFile } from 'node:child_process';

export interface VideoFacts {
  codec: string;
  width: number;
  height: number;
  durationSeconds: number;
}

export function ffmpegPath(): string {
  if (process.env.FFMPEG_PATH) return process.env.FFMPEG_PATH;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

export function probeVideo(file: string): Promise<VideoFacts> {
  return new Promise((resolve, reject) => {
    // `ffmpeg -i` without an output exits 1 by design; its report is on stderr.
    execFile(ffmpegPath(), ['-hide_banner', '-i', file], (_err, _stdout, stderr) => {
      const duration = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(stderr);
      const video = /Stream #\S+.*?: Video: (\w+)[^\n]*?, (\d{2,5})x(\d{2,5})/.exec(stderr);
      if (!duration || !video) return reject(new Error(`ffmpeg could not read ${file}: ${stderr}`));
      resolve({
        codec: video[1],
        width: Number(video[2]),
        height: Number(video[3]),
        durationSeconds: Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]),
      });
    });
  });
}
