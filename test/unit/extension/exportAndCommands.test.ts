// Commands, the export writer and render jobs that survive a reload, against the emulator.
import { useWorld, stub, type World } from './harness';
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { makeTransport } from '../../support/client';
import { submitRender } from '../../../src/nemo/renders';
import { getState } from '../../../src/nemo/state';
import type { PendingRender } from '../../../src/nemo/exporter';
import { activate } from '../../../src/extension/main';
import { announceSaved, resumePendingRenders } from '../../../src/extension/export/exportFlow';
import { runConversationTurn } from '../../../src/extension/chat/conversation';
import { NemoTimelineController } from '../../../src/extension/timeline/timelineController';
import { setToken, signOut } from '../../../src/extension/auth/tokenCommands';
import { generateVideo } from '../../../src/extension/commands/commands';
import { uploadPaths } from '../../../src/extension/upload/uploadFlow';
import { TimelinePanel } from '../../../src/extension/timeline/timelinePanel';

const quiet = { progress: () => undefined, text: () => undefined };

async function mp4sIn(dir: string): Promise<string[]> {
  return existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith('.mp4')) : [];
}

async function isMp4(file: string): Promise<boolean> {
  return (await readFile(file)).subarray(4, 8).toString('latin1') === 'ftyp';
}

describe('extension: export, render jobs, commands', function () {
  this.timeout(60_000);
  let world: World;
  let token: string;
  // A personal token (Set Token…) so every window of the test acts as the same user.
  useWorld({ personalCredits: 1000 }, (made, user) => {
    world = made;
    token = user!.token;
  });

  async function generate(w: ReturnType<World['open']>): Promise<void> {
    await runConversationTurn(w.services, 'make a 5-second video of a lighthouse', quiet, { signal: new AbortController().signal, newGeneration: true });
  }

  it('exports into <workspace>/videos atomically and offers Open / Reveal / Copy Path', async () => {
    const w = world.open();
    await generate(w);
    stub.ui.answer('Copy Path');
    await new NemoTimelineController(w.services).exportVideo();
    const saved = await stub.ui.waitForMessage((m) => m.message.startsWith('Video saved'));
    assert.deepEqual(saved.items, ['Open', 'Reveal in Explorer', 'Copy Path']);
    const videos = path.join(world.workspace, 'videos');
    const files = await mp4sIn(videos);
    assert.equal(files.length, 1);
    assert.match(files[0], /lighthouse-\d{8}-\d{6}\.mp4$/);
    assert.ok(await isMp4(path.join(videos, files[0])));
    assert.deepEqual((await readdir(videos)).filter((f) => !f.endsWith('.mp4')), [], 'no temporary file left');
    await world.emu.waitFor(() => stub.ui.clipboard !== '');
    assert.equal(stub.ui.clipboard, path.join(videos, files[0]));
    assert.deepEqual(w.services.renders.list(), [], 'the finished job is no longer pending');
    const progress = stub.ui.progress.find((p) => p.title.includes('exporting'))!;
    assert.ok(progress.cancellable && progress.reports.some((r) => /Rendering|Queued/.test(r)) && progress.reports.some((r) => /Downloading/.test(r)), progress.reports.join(' | '));
  });

  describe('render polling as the settings make it (the stand-in answers package.json defaults, as VS Code does)', () => {
    /** Exports a 60 s render with steady progress; every wait fast-forwards the emulator instead of sleeping. */
    async function exportSixtySeconds(): Promise<{ asked: number[]; lateMs: number }> {
      world.emu.setOptions({ renderMs: 60_000, progressMode: 'steady' });
      const asked: number[] = [];
      const sleep = async (ms: number): Promise<void> => {
        asked.push(ms);
        // The MP4 first, so the render's end is set by its time alone.
        await world.emu.waitFor(() => [...world.emu.renders.values()].every((j) => j.file !== undefined), 60_000);
        world.emu.fastForwardRenders(ms);
      };
      const w = world.open({}, { sleep });
      await generate(w);
      stub.ui.answer('Copy Path');
      await new NemoTimelineController(w.services).exportVideo();
      await stub.ui.waitForMessage((m) => m.message.startsWith('Video saved'));
      assert.equal((await mp4sIn(path.join(world.workspace, 'videos'))).length, 1);
      // Lateness on the client's own clock (the waits it asked for), not the emulator's: the
      // emulator's clock also runs on wall time, which a loaded machine stretches between polls.
      return { asked, lateMs: asked.reduce((sum, ms) => sum + ms, 0) - 60_000 };
    }

    it('with nothing set, an export polls on the progress-led schedule and finds the render just after it ends', async () => {
      stub.setConfig('nemo.pollIntervalSeconds', undefined);
      const { asked, lateMs } = await exportSixtySeconds();
      // The first look is the schedule's at 20 s after the submit (less the milliseconds since it), not the setting's 30 s.
      assert.ok(asked[0] > 19_000 && asked[0] <= 20_000, `first wait ${asked[0]} ms`);
      assert.ok(asked.every((ms) => ms >= 2_000 && ms < 30_000), asked.join(', '));
      assert.ok(lateMs <= 3_000, `${lateMs} ms late (asked ${asked.join(', ')})`);
    });

    it('with the setting at 30, every wait is 30 s', async () => {
      stub.setConfig('nemo.pollIntervalSeconds', 30);
      const { asked } = await exportSixtySeconds();
      assert.deepEqual(asked, [30_000, 30_000, 30_000].slice(0, asked.length));
      assert.ok(asked.length >= 2);
    });
  });

  it('saves into nemo.exportFolder, shows the elapsed time at every stage, and Open / Reveal in Explorer act on the file', async () => {
    stub.setConfig('nemo.exportFolder', 'renders/final');
    const w = world.open();
    await generate(w);
    stub.ui.answer('Open');
    await new NemoTimelineController(w.services).exportVideo();
    await stub.ui.waitForMessage((m) => m.message.startsWith('Video saved'));
    const folder = path.join(world.workspace, 'renders', 'final');
    const [name] = await mp4sIn(folder);
    const file = path.join(folder, name);
    assert.ok(await isMp4(file));
    const opened = () => stub.ui.executed.find((e) => e.command === 'vscode.open');
    await world.emu.waitFor(() => opened() !== undefined);
    assert.equal((opened()!.args[0] as vscode.Uri).fsPath, file);

    const reports = stub.ui.progress.find((p) => p.title.includes('exporting'))!.reports;
    assert.ok(reports.length >= 2);
    for (const r of reports) assert.match(r, /\(\d+:\d\d\)$/, 'elapsed m:ss');

    stub.ui.answer('Reveal in Explorer');
    await announceSaved({ file, bytes: 0, renderId: 'r' });
    const revealed = stub.ui.executed.find((e) => e.command === 'revealInExplorer');
    assert.equal((revealed?.args[0] as vscode.Uri | undefined)?.fsPath, file);
  });

  it("the notification's Cancel button cancels the render through the cancel endpoint", async () => {
    world.emu.setOptions({ renderMs: 20_000 });
    const w = world.open();
    await generate(w);
    const exporting = new NemoTimelineController(w.services).exportVideo();
    await world.emu.waitFor(() => w.services.renders.list().length === 1);
    const notification = stub.ui.progress.find((p) => p.title.includes('exporting'))!;
    assert.ok(notification.cancellable);
    notification.cancel();
    await exporting;
    await world.emu.waitFor(() => world.emu.requests.some((r) => /\/api\/render\/proxy\/lambda\/[^/]+\/cancel$/.test(r.path)));
    assert.equal([...world.emu.renders.values()][0].failure, 'cancelled');
    assert.deepEqual(w.services.renders.list(), []);
    assert.deepEqual(await mp4sIn(path.join(world.workspace, 'videos')), []);
    assert.ok(!stub.ui.messages.some((m) => m.level === 'error'), 'cancelling is not an error');
  });

  it('asks where to save when no folder is open', async () => {
    const w = world.open();
    await generate(w);
    stub.setWorkspace(undefined);
    const chosen = path.join(world.root, 'elsewhere', 'my-clip.mp4');
    await mkdir(path.dirname(chosen), { recursive: true });
    stub.ui.saveDialogAnswer = stub.Uri.file(chosen);
    await new NemoTimelineController(w.services).exportVideo();
    assert.ok(await isMp4(chosen));
    assert.deepEqual(await mp4sIn(path.dirname(chosen)), ['my-clip.mp4']);
  });

  it('resumes a render pending at activation, and two windows download it exactly once', async () => {
    const first = world.open();
    await generate(first);
    // The render was submitted, then the editor closed before it finished.
    const sessionId = String(world.storage.workspaceState.get('nemo.sessionId'));
    const t = makeTransport(world.emu, { fixedToken: { token, source: 'user' } });
    const state = await getState(t, sessionId);
    const renderId = await submitRender(t, sessionId, state.rawDraft!);
    const videos = path.join(world.workspace, 'videos');
    const job: PendingRender = { renderId, sessionId, submittedAt: new Date().toISOString(), outDir: videos, fileName: 'lighthouse-20260101-000000.mp4' };
    world.storage.workspaceState.set('nemo.pendingRenders', [job]);

    // Two windows on the same workspace activate at once: one through activate(), one directly.
    const a = world.open();
    const b = world.open();
    const api = activate(a.context as unknown as vscode.ExtensionContext);
    const [, fromB] = await Promise.all([api.resumed, resumePendingRenders(b.services, () => undefined, (e) => { throw e; })]);
    const files = await mp4sIn(videos);
    assert.deepEqual(files, ['lighthouse-20260101-000000.mp4'], 'one file');
    assert.ok(await isMp4(path.join(videos, files[0])));
    const downloads = world.emu.requests.filter((r) => r.origin === 'cdn' || r.path.endsWith('/download'));
    assert.equal(downloads.length, 1, 'downloaded once');
    assert.deepEqual(world.storage.workspaceState.get('nemo.pendingRenders'), undefined);
    const told = stub.ui.messages.some((m) => /before the reload is ready/.test(m.message));
    assert.ok(told || fromB.length === 1, 'the person is told');

    // A later activation has nothing left to do and sends nothing.
    const before = world.emu.requests.length;
    await activate(world.open().context as unknown as vscode.ExtensionContext).resumed;
    assert.equal(world.emu.requests.length, before);
    for (const sub of a.context.subscriptions) sub.dispose();
  });

  it('activation without a pending render makes no request', async () => {
    stub.chat.createChatParticipant('x', () => undefined); // chat API present
    const w = world.open();
    const api = activate(w.context as unknown as vscode.ExtensionContext);
    await api.resumed;
    assert.equal(world.emu.requests.length, 0);
    assert.ok(stub.registeredCommands.has('nemo.generateVideo') && stub.registeredCommands.has('nemo.uploadFiles'));
    for (const sub of w.context.subscriptions) sub.dispose();
  });

  it('Generate Video… folds the multi-step answers into the message and shows the turn in the panel', async () => {
    const w = world.open();
    const controller = new NemoTimelineController(w.services);
    // The first example (a 10-second smartwatch demo with music); then 9:16, 20 s, music on.
    stub.ui.answer(0, '9:16', '20', '');
    await generateVideo(controller);
    assert.ok(TimelinePanel.active, 'the panel is open');
    const sessionId = String(world.storage.workspaceState.get('nemo.sessionId'));
    const draft = JSON.parse(world.emu.store.sessions.get(sessionId)!.draftJson!);
    assert.ok(draft.m.height > draft.m.width, 'vertical');
    assert.equal(draft.d, 10000, 'the example says 10 seconds: the prompt wins over the chosen length');
    assert.ok(draft.t.some((tr: { tt: number }) => tr.tt === 1), 'background music');
  });

  it('Set Token stores a personal token for this API base; Sign Out removes it and keeps the anonymous one', async () => {
    world.storage.secrets.clear();
    const w = world.open();
    await (await w.services.clients.get()).getCredits(); // an anonymous token is made and stored
    const anonymousKey = `nemo.anonymousToken:${world.emu.url}`;
    assert.ok(world.storage.secrets.has(anonymousKey));
    const personal = world.emu.issueToken().token;
    stub.ui.answer(personal);
    await setToken(w.services);
    assert.equal(world.storage.secrets.get(`nemo.personalToken:${world.emu.url}`), personal);
    const n = world.emu.requests.length;
    await (await w.services.clients.get()).getCredits();
    assert.equal(world.emu.requests[n].headers.authorization, `Bearer ${personal}`);
    assert.equal(w.services.clients.source(), 'user');
    await signOut(w.services);
    assert.equal(world.storage.secrets.has(`nemo.personalToken:${world.emu.url}`), false);
    assert.ok(world.storage.secrets.has(anonymousKey), 'the anonymous token is kept');
    for (const [k, v] of w.context.globalState.values) assert.ok(!JSON.stringify(v).includes(personal), `not in globalState ${k}`);
    assert.ok(!w.channel.lines.join('\n').includes(personal), 'not in the log');
  });

  it('in a restricted workspace asks before uploading workspace files or saving into it', async () => {
    const w = world.open();
    const clip = path.join(world.workspace, 'clip.mp4');
    await mkdir(world.workspace, { recursive: true });
    await writeFile(clip, Buffer.alloc(2048, 1));
    stub.setWorkspace(world.workspace, false);
    const uploads = () => world.emu.requests.filter((r) => r.path.startsWith('/api/upload-video')).length;
    const declined = await uploadPaths(w.services, [clip], new AbortController().signal);
    assert.equal(declined, undefined);
    assert.equal(uploads(), 0, 'nothing sent');
    assert.match(stub.ui.messages.at(-1)!.message, /Restricted Mode/);
    stub.ui.answer('Upload');
    const done = await uploadPaths(w.services, [clip], new AbortController().signal);
    assert.equal(done?.length, 1);
    assert.equal(uploads(), 1);

    await generate(w);
    stub.ui.saveDialogAnswer = undefined; // declines the workspace, then cancels the save dialog
    await new NemoTimelineController(w.services).exportVideo();
    assert.ok(stub.ui.messages.some((m) => m.modal && /Save the exported video into/.test(m.message)));
    assert.deepEqual(await mp4sIn(path.join(world.workspace, 'videos')), [], 'nothing written into the restricted workspace');
  });

  it('refuses an unsupported file before any byte is sent, listing the formats', async () => {
    const w = world.open();
    const doc = path.join(world.root, 'notes.txt');
    await writeFile(doc, 'hello');
    await assert.rejects(uploadPaths(w.services, [doc], new AbortController().signal), /mp4, mov, avi/);
    assert.equal(world.emu.requests.length, 0);
  });
});
