// "Nemo: Export Locally" and the offer of it in the editor: the real client and dist-free sources
// against the emulator, real ffmpeg (NEMO_FFMPEG) and real media on 127.0.0.1.
import { chatRequest, makeWorld, noHistory, stub, type World } from './harness';
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { runConversationTurn } from '../../../src/extension/chat/conversation';
import { createChatHandler, type NemoChatResult } from '../../../src/extension/chat/chatParticipant';
import { cancelExports } from '../../../src/extension/export/exportFlow';
import { NemoTimelineController } from '../../../src/extension/timeline/timelineController';
import { FFMPEG, makeTestMedia, mp4Facts, startMediaServer, type MediaServer } from '../../support/media';

const quiet = { progress: () => undefined, text: () => undefined };

describe('extension: Export Locally', function () {
  this.timeout(90_000);
  let world: World;
  let media: MediaServer;
  let mediaDir: string;
  const savedEnv = process.env.NEMO_FFMPEG;
  const videos = () => path.join(world.workspace, 'videos');
  const mp4s = async () => (existsSync(videos()) ? (await readdir(videos())).filter((f) => f.endsWith('.mp4')) : []);

  before(async () => {
    process.env.NEMO_FFMPEG = FFMPEG;
    mediaDir = await mkdtemp(path.join(tmpdir(), 'nemo-ext-media-'));
    const files = await makeTestMedia(mediaDir, { width: 320, height: 180, seconds: 2 });
    media = await startMediaServer({ '/clip.mp4': files.clip });
  });
  after(async () => {
    if (savedEnv === undefined) delete process.env.NEMO_FFMPEG;
    else process.env.NEMO_FFMPEG = savedEnv;
    await media.close();
    await rm(mediaDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    world = await makeWorld({ startingCredits: 1000 });
  });
  afterEach(() => world.close());

  /** A window with a session whose draft is small and whose clip is on the media server. */
  async function windowWithDraft(seconds = 2): Promise<ReturnType<World['open']>> {
    const w = world.open();
    await runConversationTurn(w.services, 'make a 2-second video of a lighthouse', quiet, { signal: new AbortController().signal, newGeneration: true });
    const sessionId = (await w.services.sessions.get())!;
    world.emu.setDraft(sessionId, JSON.stringify({
      d: seconds * 1000, m: { title: 'Lighthouse', width: 320, height: 180 },
      t: [{ tt: 0, sg: [{ st: 0, d: seconds * 1000, m: { name: 'clip', src: `${media.url}/clip.mp4` } }] }, { tt: 7, sg: [{ st: 0, d: 1000, m: { text: 'Hi' } }] }],
    }));
    return w;
  }

  for (const [what, fault] of [
    ['402 from the render endpoint', { method: 'POST', path: '/api/render/proxy/lambda', fault: { kind: 'status', status: 402, body: 'json' } }],
    ['the render service unreachable', { path: /^\/api\/render\//, fault: { kind: 'reset' }, times: 50 }],
  ] as const) {
    it(`${what}: the error offers Export Locally, which saves the MP4 in the export folder`, async () => {
      const w = await windowWithDraft();
      world.emu.faults.add(fault as Parameters<World['emu']['faults']['add']>[0]);
      stub.ui.answer('Export Locally');
      await new NemoTimelineController(w.services).exportVideo();
      const error = await stub.ui.waitForMessage((m) => m.message.startsWith('Export failed'));
      assert.match(error.message, /You can also export it on this machine with ffmpeg, for free: Nemo: Export Locally\./);
      assert.deepEqual(error.items, ['Export Locally']);
      const saved = await stub.ui.waitForMessage((m) => m.message.startsWith('Video saved'), 60_000);
      const [file] = await mp4s();
      assert.match(saved.message, new RegExp(file.replace(/[.()]/g, '\\$&')));
      const facts = await mp4Facts(path.join(videos(), file));
      assert.deepEqual(facts.video, { codec: 'h264', pixFmt: 'yuv420p', width: 320, height: 180 });
      assert.ok(Math.abs(facts.durationS - 2) < 0.07, `${facts.durationS}`);
      const progress = stub.ui.progress.find((p) => p.title.includes('on this machine'))!;
      assert.ok(progress.cancellable && progress.reports.some((r) => /Rendering \d+%/.test(r)), progress.reports.join(' | '));
      assert.deepEqual((await readdir(videos())).filter((f) => !f.endsWith('.mp4')), [], 'no temporary file left');
    });
  }

  it('@nemo /export local renders here; a wrong nemo.ffmpegPath is one clear sentence saying so', async () => {
    const w = await windowWithDraft();
    const stream = new stub.RecordingChatStream();
    const token = new stub.CancellationTokenSource().token;
    const result = (await createChatHandler(w.services)(chatRequest('local', 'export'), noHistory,
      stream as unknown as vscode.ChatResponseStream, token as unknown as vscode.CancellationToken)) as NemoChatResult;
    assert.equal(result.errorDetails, undefined, JSON.stringify(result.errorDetails));
    assert.equal((await mp4s()).length, 1);
    assert.equal(world.emu.requests.filter((r) => r.path.startsWith('/api/render/')).length, 0, 'nothing asked of the cloud renderer');

    stub.setConfig('nemo.ffmpegPath', path.join(mediaDir, 'no-ffmpeg-here'));
    await new NemoTimelineController(w.services).exportLocally();
    const error = await stub.ui.waitForMessage((m) => m.message.startsWith('Export failed'));
    assert.match(error.message, /nemo\.ffmpegPath is set to ".*no-ffmpeg-here", which is not an executable file/);
  });

  it('Cancel Export mid-render kills ffmpeg and leaves nothing in the export folder', async () => {
    const w = await windowWithDraft(20);
    const controller = new NemoTimelineController(w.services);
    let cancelled = false;
    const events: string[] = [];
    const sub = w.services.events.onDidExport((e) => {
      events.push(e.kind);
      if (e.kind === 'progress' && e.stage.stage === 'rendering' && !cancelled) {
        cancelled = true;
        cancelExports(w.services);
      }
    });
    await controller.exportLocally();
    sub.dispose();
    assert.ok(cancelled);
    assert.equal(events.at(-1), 'cancelled', 'the panel hears the end like a cloud export\'s');
    assert.deepEqual(existsSync(videos()) ? await readdir(videos()) : [], []);
  });
});
