// Local export end to end with real ffmpeg on real media made here: the emulator holds the draft and
// the session's media list, a plain HTTP server holds the media, and the MP4 is checked frame by frame
// and second by second against the draft.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { exportLocally } from '../../../src/localRender/localExport';
import type { ExportStage } from '../../../src/nemo/exporter';
import { downloadFile } from '../../../src/nemo/download';
import { submitRender, waitForRender } from '../../../src/nemo/renders';
import { createSession } from '../../../src/nemo/sessions';
import { startEmulator, type Emulator } from '../../emulator';
import { nemoFailure } from '../../support/assertions';
import { makeTransport } from '../../support/client';
import { FFMPEG, makeTestMedia, mp4Facts, peakDb, rgbFrames, startMediaServer, type MediaServer } from '../../support/media';

const W = 320;
const H = 240;
const FPS = 10;

// 4 s: red clip with a tone 0-1.5 s, blue still 1.5-2.5 s (matched by name to the session's media),
// a clip that cannot be found 2.5-3 s, then a black gap; music 3.2-3.6 s; a title 0.5-1 s.
const DRAFT = (media: string) => ({
  d: 4000,
  m: { title: 'Fidelity', width: W, height: H },
  t: [
    { tt: 0, sg: [
      { st: 0, d: 1500, m: { name: 'red', src: `${media}/c/red.mp4` } },
      { st: 1500, d: 1000, m: { name: 'blue.png' } },
      { st: 2500, d: 500, m: { name: 'ghost', src: `${media}/c/ghost.mp4` } },
    ] },
    { tt: 1, sg: [{ st: 3200, d: 400, m: { name: 'tone', vol: 1, src: `${media}/c/tone.mp3` } }] },
    { tt: 7, sg: [{ st: 500, d: 500, m: { text: 'Hi there', style: 'title' } }] },
  ],
});

type Rgb = [number, number, number];
function pixel(frame: Buffer, x: number, y: number): Rgb {
  const i = (y * W + x) * 3;
  return [frame[i], frame[i + 1], frame[i + 2]];
}
/** Near-white pixels in the middle band, where a centred title is drawn. */
function whiteInMiddle(frame: Buffer): number {
  let n = 0;
  for (let y = H / 2 - 20; y < H / 2 + 20; y += 1) {
    for (let x = 0; x < W; x += 1) {
      const [r, g, b] = pixel(frame, x, y);
      if (r > 200 && g > 200 && b > 200) n += 1;
    }
  }
  return n;
}
const near = (got: Rgb, want: Rgb) => got.every((c, i) => Math.abs(c - want[i]) < 40);

describe('local export (real ffmpeg, real media)', function () {
  this.timeout(180_000);
  let dir: string;
  let server: MediaServer;
  let emu: Emulator;
  let t: ReturnType<typeof makeTransport>;
  let sessionId: string;
  const cacheDir = () => join(dir, 'cache');
  const outDir = () => join(dir, 'videos');
  let first = '';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nemo-local-'));
    const media = await makeTestMedia(dir, { width: W, height: H, seconds: 3 });
    server = await startMediaServer({ '/c/red.mp4': media.clip, '/c/blue.png': media.still, '/c/tone.mp3': media.music });
    emu = await startEmulator({});
    t = makeTransport(emu);
    ({ sessionId } = await createSession(t, 'en'));
    emu.setDraft(sessionId, JSON.stringify(DRAFT(server.url)));
    emu.store.sessions.get(sessionId)!.videoInfos.push({ filename: 'blue.png', file_type: 'image', cdn_url: `${server.url}/c/blue.png` });
  });
  after(async () => {
    await emu.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('renders the draft: size, codecs, duration, frames, text timing, audio where and only where the draft has it', async () => {
    const stages: ExportStage[] = [];
    const result = await exportLocally(t, sessionId, { outDir: outDir(), cacheDir: cacheDir(), ffmpegPath: FFMPEG, fps: FPS, onStage: (s) => stages.push(s) });
    assert.equal(dirname(result.file), outDir());
    assert.match(basename(result.file), /^fidelity-\d{8}-\d{6}.*\.mp4$/);
    first = result.file;
    assert.deepEqual(result.missing.map((m) => m.name), ['ghost']);
    assert.match(result.missing[0].reason ?? '', /404/);
    assert.deepEqual([...new Set(stages.map((s) => s.stage))], ['reading', 'downloading', 'rendering', 'done']);
    assert.equal(stages.filter((s) => s.stage === 'rendering').at(-1)?.progress, 100);

    const facts = await mp4Facts(result.file);
    assert.deepEqual(facts.video, { codec: 'h264', pixFmt: 'yuv420p', width: W, height: H });
    assert.equal(facts.audio?.codec, 'aac');
    assert.ok(Math.abs(facts.durationS - 4) <= 1 / FPS, `duration ${facts.durationS}`);

    const frames = await rgbFrames(result.file, W, H);
    assert.ok(Math.abs(frames.length - 40) <= 1, `${frames.length} frames`);
    const corner = (n: number) => pixel(frames[n], 5, 5);
    assert.ok(near(corner(2), [255, 0, 0]), `red clip at 0.2 s: ${corner(2)}`);
    assert.ok(near(corner(20), [0, 0, 255]), `blue still at 2.0 s: ${corner(20)}`);
    assert.ok(near(corner(27), [0x2b, 0x2f, 0x36]), `placeholder at 2.7 s: ${corner(27)}`);
    assert.ok(whiteInMiddle(frames[27]) > 20, 'the placeholder is labelled');
    assert.ok(near(corner(35), [0, 0, 0]), `black gap at 3.5 s: ${corner(35)}`);
    // The title shows from frame 5 (0.5 s) through frame 9 (0.9 s), and not one frame outside.
    assert.equal(whiteInMiddle(frames[4]), 0, 'no title at 0.4 s');
    assert.ok(whiteInMiddle(frames[5]) > 50, 'title at 0.5 s');
    assert.ok(whiteInMiddle(frames[9]) > 50, 'title at 0.9 s');
    assert.equal(whiteInMiddle(frames[10]), 0, 'no title at 1.0 s');

    assert.ok(await peakDb(result.file, 0.1, 1.4) > -30, 'the clip’s tone');
    assert.ok(await peakDb(result.file, 1.6, 3.1) < -60, 'silence over the still, the placeholder and the gap');
    assert.ok(await peakDb(result.file, 3.25, 3.55) > -30, 'the music');
    assert.ok(await peakDb(result.file, 3.7, 3.95) < -60, 'silence after the music');
  });

  it('reuses the media cache on the next export, and never sends credentials to the media host', async () => {
    const before = server.requests.length;
    const again = await exportLocally(t, sessionId, { outDir: outDir(), cacheDir: cacheDir(), ffmpegPath: FFMPEG, fps: FPS });
    assert.notEqual(again.file, first, 'a new file, the first one kept');
    assert.equal((await readdir(outDir())).length, 2);
    assert.deepEqual(server.requests.slice(before), ['/c/ghost.mp4'], 'only the missing one is asked again');
    assert.ok(server.headers.every((h) => h.authorization === undefined && h['x-client-id'] === undefined));
  });

  it('the emulator\'s cloud render is this renderer: the agent\'s made clip (served by its CDN too) rendered the same way', async () => {
    const draft = JSON.stringify({ d: 1000, m: { width: W, height: H }, t: [{ tt: 0, sg: [{ st: 0, d: 1000, m: { name: 'gen', src: `${emu.cdnUrl}/media/gen_2.mp4` } }] }] });
    emu.setDraft(sessionId, draft);
    const renderId = await submitRender(t, sessionId, draft);
    const done = await waitForRender(t, renderId, { intervalMs: 50 });
    const cloud = join(dir, 'cloud.mp4');
    await downloadFile(t, done.url!, cloud);
    const local = await exportLocally(t, sessionId, { outDir: join(dir, 'same'), cacheDir: cacheDir(), ffmpegPath: FFMPEG, fps: 10 });
    assert.deepEqual(local.missing, [], 'the emulator\'s CDN serves the made clip');
    for (const file of [cloud, local.file]) {
      const frame = (await rgbFrames(file, W, H))[3];
      const centre = pixel(frame, W / 2, H / 2); // a 16:9 clip letterboxed on this 4:3 canvas
      assert.ok(!near(centre, [0x2b, 0x2f, 0x36]) && !near(centre, [0, 0, 0]), `the clip, not a placeholder: ${centre}`);
      assert.ok(await peakDb(file, 0.1, 0.9) > -30, 'the clip\'s tone');
    }
  });

  it('cancel kills ffmpeg and leaves nothing in the export folder', async () => {
    const folder = join(dir, 'cancelled');
    const controller = new AbortController();
    const err = await nemoFailure(exportLocally(t, sessionId, {
      outDir: folder, cacheDir: cacheDir(), ffmpegPath: FFMPEG, fps: FPS, signal: controller.signal,
      onStage: (s) => { if (s.stage === 'rendering') controller.abort(); },
    }));
    assert.equal(err.kind, 'aborted');
    assert.deepEqual(await readdir(folder), []);
  });
});
