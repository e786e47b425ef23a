import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join } from 'node:path';
import { isNemoError } from '../../../src/nemo/errors';
import { exportVideo, resumeExport, type ExportStage, type PendingRender } from '../../../src/nemo/exporter';
import { submitRender } from '../../../src/nemo/renders';
import { createSession } from '../../../src/nemo/sessions';
import { getState } from '../../../src/nemo/state';
import { startEmulator, type Emulator } from '../../emulator';
import { resolveFfmpeg } from '../../emulator/ffmpeg';
import { makeTransport } from '../../support/client';
import { SMALL_DRAFT } from './renderDrafts';

/** Unknown keys at every level, odd spacing, escapes, a number beyond double precision, key order the parser would not keep. */
const ODD_DRAFT = `{ "zz_future": {"nested": [1, 2.50, {"k": null}]},
  "d" : 1000, "m": {"title": "Caf\\u00e9 \\"Tick\\"", "width": 320, "height": 180, "x-brand": "n\\u00e9mo"},
  "t": [ {"tt": 0, "sg": [ {"st": 0, "d": 1000, "fx": {"blur": 0.10}, "m": {"name": "watch", "lut": "teal"}} ], "locked": true},
         {"tt": 42, "sg": [], "plugin": "🎞️"} ],
  "big": 12345678901234567890123, "1": "numeric key", "": "empty key" }`;

describe('exporter against the emulator', () => {
  let emu: Emulator;
  let t: ReturnType<typeof makeTransport>;
  let sessionId: string;
  let outDir: string;
  const submits = () => emu.requests.filter((r) => r.method === 'POST' && r.path === '/api/render/proxy/lambda');

  before(async () => {
    emu = await startEmulator({ renderMs: 150 });
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(async () => {
    emu.reset();
    t = makeTransport(emu);
    sessionId = (await createSession(t, 'en')).sessionId;
    outDir = join(await mkdtemp(join(tmpdir(), 'nemo-export-')), 'videos');
  });
  afterEach(async () => {
    await rm(join(outDir, '..'), { recursive: true, force: true });
  });

  it('exports the session: an H.264 MP4 named from the title in outDir, stages in order, the job reported', async () => {
    emu.setDraft(sessionId, SMALL_DRAFT);
    const stages: ExportStage[] = [];
    const jobs: PendingRender[] = [];
    const result = await exportVideo(t, sessionId, { outDir, intervalMs: 20, onStage: (s) => stages.push(s), onSubmitted: (j) => jobs.push(j) });

    assert.ok(isAbsolute(result.file));
    assert.match(basename(result.file), /^tick-\d{8}-\d{6}\.mp4$/);
    assert.deepEqual(await readdir(outDir), [basename(result.file)], 'the finished MP4 and no temp file');
    assert.equal(result.bytes, emu.renders.get(result.renderId)!.file!.size);
    const probe = spawnSync(resolveFfmpeg(''), ['-hide_banner', '-i', result.file], { encoding: 'utf8' });
    assert.match(probe.stderr, /Video: h264/);

    assert.equal(jobs.length, 1);
    assert.deepEqual({ ...jobs[0], submittedAt: '' }, { renderId: result.renderId, sessionId, submittedAt: '', outDir, fileName: basename(result.file) });
    const order = ['reading', 'queued', 'rendering', 'downloading', 'done'];
    const names = stages.map((s) => s.stage);
    assert.deepEqual([...new Set(names)].filter((n) => n !== 'rendering'), order.filter((n) => n !== 'rendering'));
    for (let i = 1; i < names.length; i++) assert.ok(order.indexOf(names[i]) >= order.indexOf(names[i - 1]), names.join(' '));
    assert.deepEqual(stages.at(-1), { stage: 'done', bytes: result.bytes, total: result.bytes, elapsedMs: stages.at(-1)!.elapsedMs });
    const cdn = emu.requests.filter((r) => r.origin === 'cdn');
    assert.ok(cdn.length >= 1);
    assert.ok(cdn.every((r) => r.headers.authorization === undefined && r.headers['x-client-id'] === undefined));
  });

  it('sends a draft full of unknown keys byte-for-byte as the state gave it', async () => {
    emu.setDraft(sessionId, ODD_DRAFT);
    const state = await getState(t, sessionId);
    assert.equal(state.rawDraft, ODD_DRAFT);
    const result = await exportVideo(t, sessionId, { outDir, intervalMs: 20, baseName: 'odd one' });
    const job = emu.renders.get(result.renderId)!;
    assert.equal(job.rawDraft, state.rawDraft);
    assert.equal(job.rawBody, `{"id":"${result.renderId}","sessionId":"${sessionId}","draft":${ODD_DRAFT},"output":{"format":"mp4","quality":"high"}}`);
    assert.match(basename(result.file), /^odd-one-\d{8}-\d{6}\.mp4$/);
  });

  it('refuses a draft that is not ready to export, before submitting', async () => {
    await assert.rejects(exportVideo(t, sessionId, { outDir }), (e) => isNemoError(e) && e.kind === 'invalid-input');
    emu.setDraft(sessionId, '{"d":0,"t":[{"tt":0,"sg":[]}]}');
    await assert.rejects(exportVideo(t, sessionId, { outDir }), (e) => isNemoError(e) && e.kind === 'invalid-input' && /nothing to export/.test(e.message));
    assert.equal(submits().length, 0);
  });

  it('aborting after submit cancels the render and leaves no file', async () => {
    emu.setDraft(sessionId, SMALL_DRAFT);
    emu.setOptions({ renderMs: 5000 });
    const ac = new AbortController();
    try {
      await assert.rejects(
        exportVideo(t, sessionId, { outDir, intervalMs: 20, signal: ac.signal, onStage: (s) => s.stage === 'queued' && ac.abort() }),
        (e) => isNemoError(e) && e.kind === 'aborted',
      );
    } finally {
      emu.setOptions({ renderMs: 150 });
    }
    const [job] = [...emu.renders.values()];
    assert.ok(emu.requests.some((r) => r.path === `/api/render/proxy/lambda/${job.id}/cancel`));
    assert.equal(job.failure, 'cancelled');
    assert.deepEqual(await readdir(outDir), []);
  });

  it('a lost submit answer is not resent; the job is still reported so it can be resumed', async () => {
    emu.setDraft(sessionId, SMALL_DRAFT);
    emu.faults.add({ method: 'POST', path: '/api/render/proxy/lambda', fault: { kind: 'resetBody', afterBytes: 0 } });
    const jobs: PendingRender[] = [];
    await assert.rejects(exportVideo(t, sessionId, { outDir, intervalMs: 20, onSubmitted: (j) => jobs.push(j) }),
      (e) => isNemoError(e) && /may be running/.test(e.message));
    assert.equal(submits().length, 1);
    assert.equal(jobs.length, 1);
    assert.ok(emu.renders.has(jobs[0].renderId), 'the server did start it, under the reported id');
    const result = await resumeExport(t, jobs[0], { intervalMs: 20 });
    assert.equal(result.renderId, jobs[0].renderId);
    assert.deepEqual(await readdir(outDir), [basename(result.file)]);
  });

  it('resumes a stored job into its outDir, and refuses a damaged one', async () => {
    emu.setDraft(sessionId, SMALL_DRAFT);
    const renderId = await submitRender(t, sessionId, SMALL_DRAFT);
    const job: PendingRender = { renderId, sessionId, submittedAt: new Date().toISOString(), outDir, fileName: 'tick-20261128-040506.mp4' };
    const stages: string[] = [];
    const result = await resumeExport(t, job, { intervalMs: 20, onStage: (s) => stages.push(s.stage) });
    assert.equal(result.file, join(outDir, 'tick-20261128-040506.mp4'));
    assert.equal(stages.at(-1), 'done');
    const again = await resumeExport(t, job, { intervalMs: 20 });
    assert.equal(again.file, join(outDir, 'tick-20261128-040506-2.mp4'), 'an existing video is never overwritten');
    await assert.rejects(resumeExport(t, { ...job, fileName: '../../evil.mp4' }), (e) => isNemoError(e) && e.kind === 'invalid-input');
  });

  it('a failed render surfaces as render-failed with the reason, and no file', async () => {
    emu.setDraft(sessionId, SMALL_DRAFT);
    emu.faults.add({ method: 'POST', path: '/api/render/proxy/lambda', fault: { kind: 'renderFail', error: 'encoder crashed' } });
    await assert.rejects(exportVideo(t, sessionId, { outDir, intervalMs: 20 }), (e) => isNemoError(e) && e.kind === 'render-failed' && /encoder crashed/.test(e.message));
    assert.deepEqual(await readdir(outDir), []);
  });
});
