// 8. Local export: the time `renderDraft` (planner + runner, src/localRender) takes per second of
// output for a 30 s 1080p draft — two clips, a still, music under them, a title and a caption — next
// to a hand-written ffmpeg command line making the same composition with the same encoder settings,
// in the same run. The media is made first (not timed) with ffmpeg; both sides read the same files.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import { parseDraft } from '../../src/draft';
import { renderDraft } from '../../src/localRender/localExport';
import { FONT_FILE, segmentKey, type PlannedMedia } from '../../src/localRender/plan';
import { shippedFontPath } from '../../src/localRender/runner';
import { compared, type Benchmark, type Figure } from '../figures';
import { spread } from '../stats';
import { withTempDir } from '../support/tempFiles';

const run = promisify(execFile);
const FFMPEG = ffmpegInstaller.path;
const SECONDS = 30;

async function ffmpeg(args: string[], cwd?: string): Promise<void> {
  await run(FFMPEG, ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', ...args], { cwd, maxBuffer: 16 * 1024 * 1024 });
}

/** A 12 s 1080p clip with a tone, a 1080p still and 30 s of music. */
async function makeMedia(dir: string): Promise<{ clip: string; still: string; music: string }> {
  const clip = join(dir, 'clip.mp4');
  const still = join(dir, 'still.png');
  const music = join(dir, 'music.mp3');
  await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=1920x1080:r=30:d=12', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=12',
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', clip]);
  await ffmpeg(['-f', 'lavfi', '-i', 'gradients=s=1920x1080:seed=3', '-frames:v', '1', still]).catch(() =>
    ffmpeg(['-f', 'lavfi', '-i', 'color=c=0x3366aa:s=1920x1080', '-frames:v', '1', still]));
  await ffmpeg(['-f', 'lavfi', '-i', `sine=frequency=220:sample_rate=44100:duration=${SECONDS}`, '-c:a', 'libmp3lame', music]);
  return { clip, still, music };
}

const DRAFT = {
  d: SECONDS * 1000,
  m: { title: 'Bench', width: 1920, height: 1080 },
  t: [
    { tt: 0, sg: [{ st: 0, d: 10_000, m: { name: 'clip a' } }, { st: 10_000, d: 10_000, m: { name: 'still' } }, { st: 20_000, d: 10_000, m: { name: 'clip b' } }] },
    { tt: 1, sg: [{ st: 0, d: 30_000, m: { name: 'music', vol: 0.3 } }] },
    { tt: 7, sg: [{ st: 0, d: 3000, m: { text: 'Bench title', style: 'title' } }, { st: 25_000, d: 5000, m: { text: 'A caption at the end' } }] },
  ],
};

/**
 * The same composition as a person would write it by hand: the two clips and the still scaled into
 * the frame and concatenated, the text drawn with enable=, the clips' sound and the music mixed.
 */
function handWritten(media: { clip: string; still: string; music: string }, out: string): string[] {
  const fit = 'scale=1920:1080:force_original_aspect_ratio=decrease,pad=1920:1080:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=30,format=yuv420p';
  const graph = [
    `[0:v]${fit}[a]`, `[1:v]${fit}[b]`, `[2:v]${fit}[c]`,
    '[a][b][c]concat=n=3:v=1:a=0[cat]',
    `[cat]drawtext=fontfile=${FONT_FILE}:textfile=title.txt:fontcolor=white:fontsize=92:borderw=6:bordercolor=black@0.8:x=(w-text_w)/2:y=(h-text_h)/2:enable='lt(t,3)',`
      + `drawtext=fontfile=${FONT_FILE}:textfile=caption.txt:fontcolor=white:fontsize=54:box=1:boxcolor=black@0.55:boxborderw=18:x=(w-text_w)/2:y=h-text_h-86:enable='gte(t,25)'[v]`,
    '[0:a]apad=whole_len=1440000[s0]', '[2:a]adelay=20000|20000[s2]', '[3:a]volume=0.3[m]',
    '[s0][s2][m]amix=inputs=3:duration=first:dropout_transition=0,volume=3[aout]',
  ];
  return [
    '-t', '10', '-i', media.clip, '-loop', '1', '-framerate', '30', '-t', '10', '-i', media.still, '-t', '10', '-i', media.clip, '-t', '30', '-i', media.music,
    '-filter_complex', graph.join(';'), '-map', '[v]', '-map', '[aout]',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '21', '-pix_fmt', 'yuv420p', '-r', '30',
    '-c:a', 'aac', '-b:a', '160k', '-ar', '48000', '-ac', '2', '-t', '30', '-movflags', '+faststart', out,
  ];
}

export const localRenderBench: Benchmark = {
  name: 'localRender',
  title: '8. Local export: render time per second of output, 30 s 1080p draft, vs a hand-written ffmpeg command',
  async run(ctx) {
    return withTempDir(async (dir) => {
      const media = await makeMedia(dir);
      const draft = parseDraft(DRAFT)!;
      const [video, , text] = draft.tracks;
      const clip: PlannedMedia = { path: media.clip, kind: 'video', hasAudio: true, durationMs: 12_000 };
      const planned = new Map<string, PlannedMedia>([
        [segmentKey(video, video.segments[0]), clip],
        [segmentKey(video, video.segments[1]), { path: media.still, kind: 'image', hasAudio: false }],
        [segmentKey(video, video.segments[2]), clip],
        [segmentKey(draft.tracks[1], draft.tracks[1].segments[0]), { path: media.music, kind: 'audio', hasAudio: true, durationMs: 30_000 }],
      ]);
      const { writeFile, copyFile, rm } = await import('node:fs/promises');
      await copyFile(shippedFontPath(), join(dir, FONT_FILE));
      await writeFile(join(dir, 'title.txt'), text.segments[0].text ?? '');
      await writeFile(join(dir, 'caption.txt'), text.segments[1].text ?? '');
      const repeats = ctx.quick ? 1 : 3;
      const ours: number[] = [];
      const hand: number[] = [];
      for (let i = 0; i < repeats; i += 1) {
        // Alternated, so a change in the machine's load falls on both.
        let t0 = performance.now();
        await renderDraft(draft, planned, join(dir, `ours-${i}.mp4`), { ffmpegPath: FFMPEG });
        ours.push((performance.now() - t0) / 1000 / SECONDS);
        t0 = performance.now();
        await ffmpeg(handWritten(media, join(dir, `hand-${i}.mp4`)), dir);
        hand.push((performance.now() - t0) / 1000 / SECONDS);
        ctx.log(`run ${i + 1}/${repeats}: ours ${ours[i].toFixed(3)} s/s, hand-written ${hand[i].toFixed(3)} s/s`);
        await rm(join(dir, `ours-${i}.mp4`));
        await rm(join(dir, `hand-${i}.mp4`));
      }
      const figure: Figure = compared(
        { id: 'localRender.perSecond', label: 'render time per second of output (30 s, 1920×1080, 30 fps)', unit: 's/s', notes: { repeats } },
        spread(ours), 'hand-written ffmpeg command', spread(hand),
      );
      figure.target = { text: '≤ 1.1×', met: (figure.ratio ?? Infinity) <= 1.1 };
      return [figure];
    });
  },
};
