// Defect 4: a render job that could never finish (unknown to the service, a damaged record) was
// resumed by every `nemo export`, forever. Such a job is reported once and forgotten; `nemo export
// --new` starts afresh; a leftover .part file is removed when a job is resumed.
import { chatRequest, noHistory, useWorld, stub, type World } from '../unit/extension/harness';
import { strict as assert } from 'node:assert';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { FilePendingRenderStore } from '../../src/cli/fileStores';
import type * as vscode from 'vscode';
import { createChatHandler } from '../../src/extension/chat/chatParticipant';
import { runConversationTurn } from '../../src/extension/chat/conversation';
import { NemoTimelineController } from '../../src/extension/timeline/timelineController';
import type { PendingRender } from '../../src/nemo/exporter';
import { submitRender } from '../../src/nemo/renders';
import { getState } from '../../src/nemo/state';
import { makeTransport } from '../support/client';
import { hard } from './ledger';
import { cliWorld, partFiles } from './world';

describe('hard: stuck exports (CLI)', function () {
  this.timeout(90_000);
  const w = cliWorld();

  /** A folder with a timeline and `job` recorded as its pending render. */
  async function recorded(job: Partial<PendingRender>): Promise<FilePendingRenderStore> {
    assert.equal((await w.run(['chat', 'make a 5-second video of a lighthouse'])).code, 0);
    const [sessionId] = Object.values((await w.homeJson('sessions.json')) as Record<string, string>);
    const store = new FilePendingRenderStore(w.box.home, w.emu.url, w.box.cwd);
    await store.set({ renderId: 'render_1', sessionId, submittedAt: new Date().toISOString(), outDir: path.join(w.box.cwd, 'videos'), fileName: 'lighthouse.mp4', ...job });
    return store;
  }

  hard('stuck-export', 'a job the service does not know (404) is reported once, then the next export starts afresh', async () => {
    const store = await recorded({ renderId: 'render_404' });
    const first = await w.run(['export']);
    assert.equal(first.code, 1);
    assert.equal(await store.get(), undefined, 'forgotten');
    const second = await w.run(['export']);
    assert.equal(second.code, 0, second.stderr);
    assert.doesNotMatch(second.stderr, /Resuming/);
  });

  hard('stuck-export', 'a damaged record (a file name with a path in it) is reported once and forgotten', async () => {
    const store = await recorded({ fileName: '../outside.mp4' });
    assert.equal((await w.run(['export'])).code, 1);
    assert.equal(await store.get(), undefined);
    assert.equal((await w.run(['export'])).code, 0);
  });

  hard('stuck-export', 'nemo export --new ignores the recorded job and renders the timeline now', async () => {
    const store = await recorded({ renderId: 'render_404' });
    const r = await w.run(['export', '--new']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /Resuming/);
    assert.equal(await store.get(), undefined);
  });

  hard('stuck-export', 'resuming a job removes the .part file a killed run left behind', async () => {
    // A real job whose download was cut: the CDN and the fallback both reset, so the job stays recorded.
    assert.equal((await w.run(['chat', 'make a 5-second video of a lighthouse'])).code, 0);
    w.emu.faults.add({ origin: 'cdn', path: /./, fault: { kind: 'reset' } });
    w.emu.faults.add({ path: /\/download$/, times: 3, fault: { kind: 'reset' } });
    assert.equal((await w.run(['export'])).code, 1);
    const job = await new FilePendingRenderStore(w.box.home, w.emu.url, w.box.cwd).get();
    assert.ok(job, 'the job is kept for a resume');
    const videos = path.join(w.box.cwd, 'videos');
    await fs.mkdir(videos, { recursive: true });
    await fs.writeFile(path.join(videos, `.${job.fileName}.part-0123456789ab`), 'half a video');
    const r = await w.run(['export']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /Resuming/);
    assert.deepEqual(await partFiles(videos), []);
  });
});

// The editor's side of defect 4: "Nemo: Export Video" (and the panel's Export) with an earlier job
// recorded and not finished offers to resume it or to start a new export, as `nemo export --new`.
describe('hard: an unfinished export in the editor (vscode stand-in)', function () {
  this.timeout(90_000);
  let world: World;
  let token: string;
  useWorld({ personalCredits: 1000 }, (made, user) => {
    world = made;
    token = user!.token;
  });
  const renderPosts = () => world.emu.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/api/render/')).length;

  /** A timeline and a render submitted for it, recorded as a reload (or a stuck download) leaves it. */
  async function recordedJob(): Promise<{ win: ReturnType<World['open']>; job: PendingRender }> {
    const win = world.open();
    const quiet = { progress: () => undefined, text: () => undefined };
    await runConversationTurn(win.services, 'make a 5-second video of a lighthouse', quiet, { signal: new AbortController().signal, newGeneration: true });
    const sessionId = String(world.storage.workspaceState.get('nemo.sessionId'));
    const t = makeTransport(world.emu, { fixedToken: { token, source: 'user' } });
    const renderId = await submitRender(t, sessionId, (await getState(t, sessionId)).rawDraft!);
    const job: PendingRender = { renderId, sessionId, submittedAt: new Date().toISOString(), outDir: path.join(world.workspace, 'earlier'), fileName: 'earlier.mp4' };
    await win.services.renders.add(job);
    return { win, job };
  }

  hard('stuck-export', 'Export Video with an earlier job recorded: "Resume It" finishes that one, with no new render', async () => {
    const { win, job } = await recordedJob();
    assert.equal(renderPosts(), 1);
    stub.ui.answer('Resume It');
    await new NemoTimelineController(win.services).exportVideo();
    const asked = stub.ui.messages.find((m) => /has not finished/.test(m.message));
    assert.deepEqual(asked?.items, ['Resume It', 'Start a New Export']);
    assert.equal(renderPosts(), 1, 'nothing rendered again');
    assert.equal((await fs.readFile(path.join(job.outDir, job.fileName))).subarray(4, 8).toString('latin1'), 'ftyp');
    assert.deepEqual(win.services.renders.list(), []);
  });

  hard('stuck-export', 'Export Video with an earlier job recorded: "Start a New Export" forgets it and renders the timeline now', async () => {
    const { win, job } = await recordedJob();
    stub.ui.answer('Start a New Export');
    await new NemoTimelineController(win.services).exportVideo();
    assert.equal(renderPosts(), 2, 'one new render');
    assert.deepEqual(win.services.renders.list(), [], 'the earlier job is forgotten');
    assert.equal(existsSync(path.join(job.outDir, job.fileName)), false, 'the earlier job is not downloaded');
    const saved = (await fs.readdir(path.join(world.workspace, 'videos'))).filter((n) => n.endsWith('.mp4'));
    assert.equal(saved.length, 1);
  });

  hard('stuck-export', '@nemo export with an earlier job recorded asks the same: "Resume It" finishes that one in the chat, with no new render', async () => {
    const { win } = await recordedJob();
    stub.ui.answer('Resume It');
    const stream = new stub.RecordingChatStream();
    const result = await createChatHandler(win.services)(chatRequest('export'), noHistory, stream as unknown as vscode.ChatResponseStream,
      new stub.CancellationTokenSource().token as unknown as vscode.CancellationToken);
    assert.equal(result?.errorDetails, undefined);
    assert.deepEqual(stub.ui.messages.find((m) => /has not finished/.test(m.message))?.items, ['Resume It', 'Start a New Export']);
    assert.equal(renderPosts(), 1, 'nothing rendered again');
    assert.match(stream.text, /Saved \*\*earlier\.mp4\*\*/);
    assert.deepEqual(win.services.renders.list(), []);
  });
});
