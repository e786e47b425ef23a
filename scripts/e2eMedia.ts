// `npm run media`: the README's animation and the walkthrough's pictures, made from the screenshots
// the end-to-end run leaves in test-results/screenshots/ (run `npm run test:e2e` first), with the
// ffmpeg from @ffmpeg-installer. Real captures of the packaged extension in code-server, never drawn.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { path as ffmpeg } from '@ffmpeg-installer/ffmpeg';

const REPO = resolve(__dirname, '..');
const SHOTS = join(REPO, 'test-results/screenshots');

/** Walkthrough step image ← e2e screenshot (scenario 1, and scenario 2 for the explorer upload). */
export const WALKTHROUGH_IMAGES: Record<string, string> = {
  'first-video.png': '1-generate-typed.png',
  'timeline.png': '1-generate-timeline.png',
  'export.png': '1-export-saved.png',
  'upload.png': '2-upload-menu.png',
  'own-token.png': '1-set-token.png',
  'without-chat.png': '1-panel-prompt.png',
};

/** The README's animation: prompt → timeline → export, seconds per frame. */
const ANIMATION: [string, number][] = [
  ['1-generate-typed.png', 2.2],
  ['1-generate-step-2.png', 1.2],
  ['1-generate-timeline.png', 2.5],
  ['1-export-progress.png', 1.8],
  ['1-export-saved.png', 3],
];

function run(args: string[]): void {
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'inherit' });
}

function main(): void {
  const needed = [...new Set([...Object.values(WALKTHROUGH_IMAGES), ...ANIMATION.map(([f]) => f)])];
  const missing = needed.filter((f) => !existsSync(join(SHOTS, f)));
  if (missing.length) throw new Error(`missing e2e screenshots (run npm run test:e2e): ${missing.join(', ')}`);

  const walkthrough = join(REPO, 'media/walkthrough');
  mkdirSync(walkthrough, { recursive: true });
  // 1024 px wide: sharp in the walkthrough's media pane, small in the .vsix.
  for (const [target, shot] of Object.entries(WALKTHROUGH_IMAGES)) {
    run(['-i', join(SHOTS, shot), '-vf', 'scale=1024:-2:flags=lanczos', join(walkthrough, target)]);
  }

  const work = mkdtempSync(join(tmpdir(), 'nemo-media-'));
  try {
    const list = join(work, 'frames.txt');
    const lines = ANIMATION.flatMap(([f, s]) => [`file '${join(SHOTS, f)}'`, `duration ${s}`]);
    // The concat demuxer uses the last duration only if the last file is listed once more.
    writeFileSync(list, [...lines, `file '${join(SHOTS, ANIMATION[ANIMATION.length - 1][0])}'`, ''].join('\n'));
    // One palette for all frames keeps UI colours exact; no dithering keeps flat areas flat and small.
    run(['-f', 'concat', '-safe', '0', '-i', list, '-vf',
      'fps=10,scale=960:-2:flags=lanczos,split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse=dither=none',
      '-loop', '0', join(REPO, 'media/screenshots/first-video.gif')]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  process.stdout.write(`media/walkthrough/ (${Object.keys(WALKTHROUGH_IMAGES).length} images) and media/screenshots/first-video.gif written\n`);
}

main();
