// `nemo` with a draft it cannot read (issue 10 point 6): the real bundle in a child process against
// the emulator's Draft V3 mode. status says it cannot draw the timeline (and --json says
// `draft: {readable: false, format: "draft-v3"}`), export sends the draft's bytes untouched and
// saves an MP4, and the local export says in words why it cannot.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { startEmulator, type Emulator } from '../../emulator';
import { parseDraft } from '../../emulator/agent';
import { draftV3Json } from '../../emulator/draftV3';
import { buildCli, makeSandbox, nemo, onlyJsonLine, type NemoRun, type Sandbox } from './nemoProcess';
import { ffmpegPath, probeVideo } from './mp4Probe';

const PROMPT = 'make a 2-second video of a lighthouse';
const SUBMIT = '/api/render/proxy/lambda';

describe('nemo CLI with a Draft V3 timeline', function () {
  this.timeout(120_000);
  let emu: Emulator;
  let box: Sandbox;
  let sessionId: string;

  before(async () => {
    await buildCli();
    emu = await startEmulator({ renderMs: 200, turnDelayMs: 1, heartbeatMs: 200, draftFormat: 'v3' });
    box = await makeSandbox();
    // The generation runs with the drafts served as V3: the reply's own summary already says so.
    const made = await run(['chat', PROMPT]);
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /this version cannot draw it \(it is in Draft V3\); it can still be exported/);
    sessionId = [...emu.store.sessions.keys()][0];
  });
  after(async () => {
    await box?.cleanup();
    await emu?.close();
  });

  function run(args: string[]): Promise<NemoRun> {
    return nemo(['--poll-interval', '0.05', ...args], { apiBase: emu.url, sandbox: box, env: { NEMO_FFMPEG: ffmpegPath() } });
  }
  /** The draft exactly as the state serves it. */
  const servedDraft = () => draftV3Json(parseDraft(emu.store.sessions.get(sessionId)!.draftJson)!);

  it('status says this version cannot draw it, never "no timeline yet"; --json says draft.readable false', async () => {
    const text = await run(['status']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Timeline: this version cannot draw it \(it is in Draft V3\); it can still be exported\./);
    assert.doesNotMatch(text.stdout, /No timeline yet/);
    assert.match(text.stdout, /To see it, open the project in Nemo's web editor: nemo open/);
    const json = onlyJsonLine(await run(['status', '--json']));
    assert.deepEqual(json.draft, { readable: false, format: 'draft-v3' });
    assert.deepEqual(json.tracks, []);
    assert.equal(json.sessionId, sessionId);
  });

  it('export sends the draft byte-for-byte, once, and saves a playable MP4', async () => {
    const before = emu.requests.filter((r) => r.path === SUBMIT).length;
    const r = await run(['export', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = onlyJsonLine(r);
    assert.equal(emu.requests.filter((q) => q.path === SUBMIT).length, before + 1, 'one render POST');
    const job = emu.renders.get(String(out.renderId))!;
    assert.equal(job.rawDraft, servedDraft(), 'the export body carries the state draft\'s bytes');
    assert.equal((await fs.stat(String(out.file))).size, out.bytes);
    const facts = await probeVideo(String(out.file));
    assert.equal(facts.codec, 'h264');
    assert.ok(facts.durationSeconds > 1.5, `a whole clip (${facts.durationSeconds}s)`);
  });

  it('export --local says in words that it cannot render a Draft V3 here, exit 1, no file', async () => {
    const filesBefore = await fs.readdir(box.cwd, { recursive: true });
    const r = await run(['export', '--local']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot render this timeline on this machine: it is in Draft V3\. Export it with Nemo's cloud export instead\./);
    assert.deepEqual(await fs.readdir(box.cwd, { recursive: true }), filesBefore, 'nothing written');
  });
});
