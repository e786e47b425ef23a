// `nemo export --local` and the offer of it: the real CLI bundle in a child process against the
// emulator, real ffmpeg (@ffmpeg-installer, given as NEMO_FFMPEG) and real media served on 127.0.0.1.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startEmulator, type Emulator } from '../../emulator';
import { FFMPEG, makeTestMedia, mp4Facts, startMediaServer, type MediaServer } from '../../support/media';
import { buildCli, makeSandbox, nemo, onlyJsonLine, type NemoRun, type Sandbox } from './nemoProcess';

const FAST = ['--poll-interval', '0.05'];

describe('nemo export --local (child process, real ffmpeg)', function () {
  this.timeout(120_000);
  let emu: Emulator;
  let media: MediaServer;
  let mediaDir: string;
  let box: Sandbox;

  before(async () => {
    await buildCli();
    mediaDir = await fs.mkdtemp(path.join(tmpdir(), 'nemo-cli-media-'));
    const files = await makeTestMedia(mediaDir, { width: 320, height: 180, seconds: 2 });
    media = await startMediaServer({ '/clip.mp4': files.clip, '/tone.mp3': files.music });
    emu = await startEmulator({ renderMs: 300, turnDelayMs: 1 });
  });
  after(async () => {
    await emu?.close();
    await media?.close();
    await fs.rm(mediaDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    emu.reset();
    box = await makeSandbox();
  });
  afterEach(() => box.cleanup());

  const run = (args: string[], env: NodeJS.ProcessEnv = { NEMO_FFMPEG: FFMPEG }): Promise<NemoRun> =>
    nemo([...FAST, ...args], { apiBase: emu.url, sandbox: box, env });

  /** A session made through the CLI, its draft replaced by a small one whose media is on the media server. */
  async function sessionWithSmallDraft(): Promise<void> {
    const chat = await run(['chat', 'make a 2-second video of a red square']);
    assert.equal(chat.code, 0, chat.stderr);
    const [sessionId] = Object.values(JSON.parse(await fs.readFile(path.join(box.home, 'sessions.json'), 'utf8')) as Record<string, string>);
    emu.setDraft(sessionId, JSON.stringify({
      d: 2000,
      m: { title: 'Small', width: 320, height: 180 },
      t: [
        { tt: 0, sg: [{ st: 0, d: 2000, m: { name: 'clip', src: `${media.url}/clip.mp4` } }] },
        { tt: 1, sg: [{ st: 0, d: 2000, m: { name: 'tone', vol: 0.5, src: `${media.url}/tone.mp3` } }] },
        { tt: 7, sg: [{ st: 0, d: 1000, m: { text: 'Small', style: 'title' } }] },
      ],
    }));
  }

  const videos = () => path.join(box.cwd, 'videos');
  const mp4sIn = async (dir: string) => (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.mp4'));

  it('402 from the render endpoint: says nemo export --local, exits 1, renders nothing unasked; --local then saves the MP4', async () => {
    await sessionWithSmallDraft();
    emu.faults.add({ method: 'POST', path: '/api/render/proxy/lambda', fault: { kind: 'status', status: 402, body: 'json' } });
    const cloud = await run(['export']);
    assert.equal(cloud.code, 1);
    assert.match(cloud.stderr, /Export failed: the free plan does not allow this export.*You can also export it on this machine with ffmpeg, for free: nemo export --local\./s);
    assert.deepEqual(await mp4sIn(videos()), [], 'no local render without being asked');

    const local = await run(['export', '--local', '--json']);
    assert.equal(local.code, 0, local.stderr);
    const result = onlyJsonLine(local);
    assert.equal(result.local, true);
    assert.deepEqual(result.missing, []);
    const file = String(result.file);
    assert.equal(path.dirname(file), path.join(await fs.realpath(box.cwd), 'videos'));
    const facts = await mp4Facts(file);
    assert.deepEqual(facts.video, { codec: 'h264', pixFmt: 'yuv420p', width: 320, height: 180 });
    assert.equal(facts.audio?.codec, 'aac');
    assert.ok(Math.abs(facts.durationS - 2) <= 1 / 30 + 0.03, `${facts.durationS}`);
    assert.equal(emu.requests.filter((r) => r.path === '/api/render/proxy/lambda').length, 1, 'the local export asked the cloud for nothing');
    assert.ok(media.headers.every((h) => h.authorization === undefined), 'no token to the media host');
  });

  it('render service unreachable: the same offer; --local works from the readable state', async () => {
    await sessionWithSmallDraft();
    emu.faults.add({ path: /^\/api\/render\//, fault: { kind: 'reset' }, times: 20 });
    const cloud = await run(['export']);
    assert.equal(cloud.code, 1);
    assert.match(cloud.stderr, /You can also export it on this machine with ffmpeg, for free: nemo export --local\./);
    const local = await run(['export', '--local']);
    assert.equal(local.code, 0, local.stderr);
    assert.match(local.stdout, /Saved .*\.mp4/);
    assert.equal((await mp4sIn(videos())).length, 1);
  });

  it('media that cannot be found is named; ffmpeg missing is one clear line with the install command', async () => {
    await sessionWithSmallDraft();
    await media.close().catch(() => undefined);
    const files = await makeTestMedia(mediaDir, { width: 320, height: 180, seconds: 2 });
    media = await startMediaServer({ '/tone.mp3': files.music });
    const [sessionId] = Object.values(JSON.parse(await fs.readFile(path.join(box.home, 'sessions.json'), 'utf8')) as Record<string, string>);
    emu.setDraft(sessionId, JSON.stringify({ d: 1000, m: { width: 320, height: 180 }, t: [{ tt: 0, sg: [{ st: 0, d: 1000, m: { name: 'beach', src: `${media.url}/beach.mp4` } }] }] }));
    const local = await run(['export', '--local']);
    assert.equal(local.code, 0, local.stderr);
    assert.match(local.stdout, /Media not found, drawn as a labelled placeholder or left silent: beach \(The download answered HTTP 404\.\)/);

    const none = await run(['export', '--local'], { PATH: '/nonexistent' });
    assert.equal(none.code, 1);
    assert.match(none.stderr, /ffmpeg was not found on PATH; local export needs it\. Install it with: \S+.*ffmpeg/);
  });
});
