import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadFile, downloadRenderOutput } from '../../../src/nemo/download';
import { isNemoError, type NemoErrorKind } from '../../../src/nemo/errors';
import { submitRender, waitForRender } from '../../../src/nemo/renders';
import { createSession } from '../../../src/nemo/sessions';
import { startEmulator, type Emulator, type FaultAction } from '../../emulator';
import { makeTransport } from '../../support/client';
import { SMALL_DRAFT } from './renderDrafts';

describe('download', () => {
  let emu: Emulator;
  let t: ReturnType<typeof makeTransport>;
  let job: { renderId: string; url: string; size: number };
  let dir: string;
  const dest = () => join(dir, 'tick.mp4');
  const cdnRequests = () => emu.requests.filter((r) => r.origin === 'cdn');
  const proxyRequests = () => emu.requests.filter((r) => r.path === `/api/render/proxy/${job.renderId}/download`);
  const onCdn = (fault: FaultAction, times = 1) => emu.faults.add({ origin: 'cdn', path: /^\/o\//, fault, times });
  const onProxy = (fault: FaultAction) => emu.faults.add({ path: /\/download$/, fault });

  before(async () => {
    emu = await startEmulator({ renderMs: 100 });
    t = makeTransport(emu);
    const { sessionId } = await createSession(t, 'en');
    const renderId = await submitRender(t, sessionId, SMALL_DRAFT);
    const done = await waitForRender(t, renderId, { intervalMs: 20 });
    job = { renderId, url: done.url!, size: emu.renders.get(renderId)!.file!.size };
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(async () => {
    emu.requests.length = 0;
    emu.faults.clear();
    dir = await mkdtemp(join(tmpdir(), 'nemo-dl-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function assertFinishedFileOnly(): Promise<void> {
    assert.deepEqual(await readdir(dir), ['tick.mp4'], 'only the finished file, no temp file');
    const bytes = await readFile(dest());
    assert.equal(bytes.length, job.size);
    assert.equal(bytes.subarray(4, 8).toString('latin1'), 'ftyp');
  }

  async function assertFailsLeavingNothing(p: Promise<unknown>, kind?: NemoErrorKind): Promise<void> {
    await assert.rejects(p, (e) => isNemoError(e) && (kind === undefined || e.kind === kind));
    assert.deepEqual(await readdir(dir), [], 'no partial or temp file in the folder');
  }

  it('streams the output from the CDN origin into place, with no credentials sent there', async () => {
    const progress: [number, number | undefined][] = [];
    const saved = await downloadRenderOutput(t, job, dest(), { requireMp4: true, onProgress: (b, total) => progress.push([b, total]) });
    assert.deepEqual(saved, { path: dest(), bytes: job.size });
    await assertFinishedFileOnly();
    assert.deepEqual(progress.at(-1), [job.size, job.size]);
    assert.equal(cdnRequests().length, 1);
    for (const r of cdnRequests()) {
      for (const h of ['authorization', 'x-client-id', 'x-skill-source', 'cookie']) assert.equal(r.headers[h], undefined, h);
    }
    assert.equal(proxyRequests().length, 0);
  });

  it('refuses a file:///etc/passwd output URL: invalid input, nothing read, nothing requested', async () => {
    for (const run of [() => downloadFile(t, 'file:///etc/passwd', dest()), () => downloadRenderOutput(t, { ...job, url: 'file:///etc/passwd' }, dest())]) {
      await assert.rejects(run(), (e) => isNemoError(e) && e.kind === 'invalid-input' && e.details.protocol === 'file:');
    }
    assert.equal(emu.requests.length, 0);
    assert.deepEqual(await readdir(dir), []);
  });

  it('falls back to the proxy download when the CDN connection resets mid-body', async () => {
    onCdn({ kind: 'resetBody', afterBytes: 1000 });
    await downloadRenderOutput(t, job, dest(), { requireMp4: true });
    await assertFinishedFileOnly();
    assert.equal(proxyRequests().length, 1);
    assert.match(proxyRequests()[0].headers.authorization, /^Bearer /, 'the proxy is the API: it gets auth');
  });

  it('falls back when the output URL expired (404) or served a page that is not an MP4', async () => {
    onCdn({ kind: 'status', status: 404, body: 'html' });
    await downloadRenderOutput(t, job, dest(), { requireMp4: true });
    await assertFinishedFileOnly();
    await rm(dest());
    onCdn({ kind: 'status', status: 200, body: 'html' });
    await downloadRenderOutput(t, job, dest(), { requireMp4: true });
    await assertFinishedFileOnly();
    assert.equal(proxyRequests().length, 2);
  });

  it('a reset on both the CDN and the proxy fails clearly and leaves no partial file', async () => {
    onCdn({ kind: 'resetBody', afterBytes: 1000 });
    onProxy({ kind: 'resetBody', afterBytes: 2000 });
    await assert.rejects(downloadRenderOutput(t, job, dest()), (e) => {
      assert.ok(isNemoError(e));
      assert.match(e.message, /could not be downloaded/);
      assert.match(e.message, /fallback/);
      return true;
    });
    assert.deepEqual(await readdir(dir), []);
  });

  it('a truncated body (Content-Length larger than what arrived) never becomes a file', async () => {
    onCdn({ kind: 'truncate', missingBytes: 500 });
    await assertFailsLeavingNothing(downloadFile(t, job.url, dest()));
    onCdn({ kind: 'truncate', missingBytes: 500 });
    onProxy({ kind: 'truncate', missingBytes: 500 });
    await assertFailsLeavingNothing(downloadRenderOutput(t, job, dest()));
  });

  it('a size other than the expected one is refused', async () => {
    await assertFailsLeavingNothing(downloadFile(t, job.url, dest(), { expectedBytes: job.size + 1 }), 'protocol');
  });

  it('an abort mid-download deletes the temp file and does not fall back', async () => {
    const ac = new AbortController();
    onCdn({ kind: 'slowHeaders', ms: 50 });
    setTimeout(() => ac.abort(), 10);
    await assertFailsLeavingNothing(downloadRenderOutput(t, job, dest(), { signal: ac.signal }), 'aborted');
    const ac2 = new AbortController();
    await assertFailsLeavingNothing(downloadRenderOutput(t, job, dest(), { signal: ac2.signal, onProgress: () => ac2.abort() }), 'aborted');
    assert.equal(proxyRequests().length, 0);
  });

  it('a progress callback that throws fails the download and leaves nothing', async () => {
    const boom = new Error('progress sink broke');
    await assert.rejects(downloadFile(t, job.url, dest(), { onProgress: () => { throw boom; } }), (e) => isNemoError(e) && e.cause === boom);
    assert.deepEqual(await readdir(dir), []);
  });

  it('keeps the target untouched until the new file is complete', async () => {
    await downloadFile(t, job.url, dest());
    const before = await stat(dest());
    onCdn({ kind: 'resetBody', afterBytes: 10 });
    await assert.rejects(downloadFile(t, job.url, dest()));
    assert.equal((await stat(dest())).size, before.size);
    assert.deepEqual(await readdir(dir), ['tick.mp4']);
  });
});
