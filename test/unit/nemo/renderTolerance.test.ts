// Renders that survive the poll answers the real service gives (contract § Export, "seen in Nemo's
// own clients"): no or unknown status, completed before the URL, a fallback download answering JSON,
// the job named `render_id` or `taskId`, and bursts of 503s and dropped connections on the poll GET.
// Against the emulator's modes and faults; the render POST is counted: it is never sent twice.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { exportVideo, type ExportStage } from '../../../src/nemo/exporter';
import { submitRender, waitForRender } from '../../../src/nemo/renders';
import { createSession } from '../../../src/nemo/sessions';
import { startEmulator, type Emulator } from '../../emulator';
import { nemoFailure } from '../../support/assertions';
import { makeTransport } from '../../support/client';
import { SMALL_DRAFT } from './renderDrafts';

const POLL = /^\/api\/render\/proxy\/lambda\/[^/]+$/;

describe('renders survive the real poll answers', () => {
  let emu: Emulator;
  let t: ReturnType<typeof makeTransport>;
  let sessionId: string;
  let outDir: string;
  const submits = () => emu.requests.filter((r) => r.method === 'POST' && r.path === '/api/render/proxy/lambda').length;
  const polls = () => emu.requests.filter((r) => r.method === 'GET' && POLL.test(r.path)).length;
  const proxyDownloads = () => emu.requests.filter((r) => r.path.endsWith('/download'));
  const cdnGets = () => emu.requests.filter((r) => r.origin === 'cdn');

  before(async () => {
    emu = await startEmulator({ renderMs: 150 });
  });
  after(async () => emu.close());
  beforeEach(async () => {
    emu.reset();
    emu.setOptions({ pollStatus: 'normal', completedWithoutUrlPolls: 0, submitIdField: 'id', downloadAnswer: 'bytes', pollShape: 'data' });
    t = makeTransport(emu);
    sessionId = (await createSession(t, 'en')).sessionId;
    emu.setDraft(sessionId, SMALL_DRAFT);
    outDir = await mkdtemp(join(tmpdir(), 'nemo-tolerant-'));
  });
  afterEach(async () => rm(outDir, { recursive: true, force: true }));

  async function exportIt(stages: ExportStage[] = []) {
    const result = await exportVideo(t, sessionId, { outDir, intervalMs: 20, onStage: (s) => stages.push(s) });
    assert.deepEqual(await readdir(outDir), [basename(result.file)], 'one finished MP4, nothing else');
    assert.equal(submits(), 1, 'the render was asked for once');
    return result;
  }

  for (const pollStatus of ['missing', 'unknown'] as const) {
    it(`a poll answer with ${pollStatus === 'missing' ? 'no status' : 'a status it does not know'} means still going, in every poll shape`, async () => {
      for (const pollShape of ['data', 'top', 'task'] as const) {
        emu.setOptions({ pollStatus, pollShape });
        const result = await exportIt();
        assert.equal(result.bytes, emu.renders.get(result.renderId)!.file!.size, pollShape);
        await rm(result.file);
        emu.requests.length = 0;
      }
    });
  }

  it('completed without a URL: polled again until the URL comes, no fallback needed', async () => {
    emu.setOptions({ completedWithoutUrlPolls: 2 });
    const result = await exportIt();
    assert.equal(proxyDownloads().length, 0);
    assert.equal(cdnGets().length, 1);
    assert.ok(emu.renders.get(result.renderId)!.completedPolls >= 3);
  });

  it('completed and never a URL: three more polls, then the fallback download', async () => {
    emu.setOptions({ completedWithoutUrlPolls: 100 });
    const result = await exportIt();
    assert.equal(emu.renders.get(result.renderId)!.completedPolls, 4, 'the first completed poll and three more');
    assert.equal(proxyDownloads().length, 1);
  });

  it('a fallback download answering JSON with the URL is followed, without our credentials', async () => {
    emu.setOptions({ completedWithoutUrlPolls: 100, downloadAnswer: 'json' });
    const result = await exportIt();
    assert.equal(proxyDownloads().length, 1);
    const cdn = cdnGets();
    assert.equal(cdn.length, 1, 'the file came from the URL the JSON named');
    assert.equal(cdn[0].headers.authorization, undefined);
    assert.equal(cdn[0].headers['x-client-id'], undefined);
    assert.equal(result.bytes, emu.renders.get(result.renderId)!.file!.size);
  });

  for (const submitIdField of ['render_id', 'taskId'] as const) {
    it(`the submit answer may name the job ${submitIdField}`, async () => {
      emu.setOptions({ submitIdField });
      const result = await exportIt();
      assert.ok(emu.renders.has(result.renderId));
    });
  }

  it('503s and dropped connections on the poll GET are ridden out with backoff, the stage saying so; never a second render', async () => {
    emu.setOptions({ renderMs: 400 });
    try {
      // More than the transport's own two retries of a GET, in a row, twice.
      emu.faults.add({ method: 'GET', path: POLL, times: 4, fault: { kind: 'status', status: 503 } });
      const stages: ExportStage[] = [];
      const exporting = exportIt(stages);
      await emu.waitFor(() => emu.faults.pending.length === 0);
      emu.faults.add({ method: 'GET', path: POLL, times: 4, fault: { kind: 'reset' } });
      emu.faults.add({ method: 'GET', path: POLL, times: 2, fault: { kind: 'status', status: 429, retryAfter: 0 } });
      await exporting;
      assert.ok(stages.some((s) => s.stage === 'rendering' && s.reconnecting === true), 'the person sees "connection lost, still checking"');
      assert.equal(stages.at(-1)?.stage, 'done');
      assert.ok(polls() >= 10);
    } finally {
      emu.setOptions({ renderMs: 150 });
    }
  });

  it('a poll refused for good (404: no such job) still ends the export at once', async () => {
    emu.faults.add({ method: 'GET', path: POLL, fault: { kind: 'status', status: 404 } });
    const e = await nemoFailure(exportVideo(t, sessionId, { outDir, intervalMs: 20 }));
    assert.equal(e.kind, 'http');
    assert.equal(submits(), 1);
    assert.deepEqual(await readdir(outDir), []);
  });

  it('rides out a poll outage only until the overall cap, then says the job may still be running', async () => {
    const id = await submitRender(t, sessionId, SMALL_DRAFT);
    emu.faults.add({ method: 'GET', path: POLL, times: 1000, fault: { kind: 'status', status: 502 } });
    const troubles: string[] = [];
    const e = await nemoFailure(waitForRender(t, id, { intervalMs: 20, maxWaitMs: 400, sleep: t.kit.sleeper.sleep, onPollTrouble: (err) => troubles.push(err.kind) }));
    assert.equal(e.kind, 'timeout');
    assert.equal(e.details.renderId, id, 'the job id stays with the error, so it can be resumed');
    assert.ok(troubles.length >= 5 && troubles.every((k) => k === 'server'));
    assert.equal(submits(), 1);
  });
});
