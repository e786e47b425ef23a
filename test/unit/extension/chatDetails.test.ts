// Finer points of the conversation: sentence-wise GUI translation, defused backend Markdown,
// attachments, warnings, "Still working…", broken streams, settings, language, Cancel Export.
import { chatRequest, useWorld, noHistory, stub, type World } from './harness';
import * as assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { createChatHandler, type NemoChatResult } from '../../../src/extension/chat/chatParticipant';
import { SentenceTranslator } from '../../../src/extension/chat/conversation';
import { cancelExports } from '../../../src/extension/export/exportFlow';
import { NemoTimelineController } from '../../../src/extension/timeline/timelineController';

type Win = ReturnType<World['open']>;

async function ask(w: Win, prompt: string, command?: string, refs: unknown[] = []) {
  const stream = new stub.RecordingChatStream();
  const token = new stub.CancellationTokenSource().token;
  const result = (await createChatHandler(w.services)(chatRequest(prompt, command, refs), noHistory, stream as unknown as vscode.ChatResponseStream, token as unknown as vscode.CancellationToken)) as NemoChatResult;
  return { stream, result };
}

describe('extension: conversation details', function () {
  this.timeout(30_000);

  it('releases agent text sentence by sentence, GUI phrases translated even when split across deltas', () => {
    const text = 'Swapping the music for Lo-fi. Done. Open the timeline panel to hear it.';
    const out: string[] = [];
    const t = new SentenceTranslator((s) => out.push(s));
    for (const ch of text) t.push(ch);
    assert.equal(out.length, 2, 'two whole sentences were out before the stream ended');
    t.flush();
    const all = out.join('');
    assert.doesNotMatch(all, /Open the timeline panel/);
    assert.match(all, /Say "status"/);
    assert.match(all, /^Swapping the music for Lo-fi\. Done\. /);
    assert.deepEqual(t.actions.map((a) => a.kind), ['show-state']);
  });

  describe('against the emulator', () => {
    let world: World;
    useWorld({ startingCredits: 1000 }, (made) => (world = made));
    afterEach(() => {
      stub.env.language = 'en';
    });

    it('an attached #file goes through the upload path', async () => {
      const w = world.open();
      const clip = path.join(world.root, 'clip.mp4');
      await writeFile(clip, Buffer.alloc(4096, 7));
      const { stream, result } = await ask(w, 'use this in the video', undefined, [{ id: 'file', value: stub.Uri.file(clip) }]);
      assert.equal(result.metadata.intent, 'upload');
      assert.match(stream.text, /Uploaded: clip\.mp4/);
      assert.equal(world.emu.requests.filter((r) => r.path.startsWith('/api/upload-video')).length, 1);
      assert.equal(world.emu.requests.filter((r) => r.path === '/run_sse').length, 0);
    });

    it('translates GUI talk in a reply and offers the matching button', async () => {
      const w = world.open();
      await ask(w, 'make a 10-second video of a lighthouse');
      const { stream } = await ask(w, 'swap the music', 'edit');
      assert.doesNotMatch(stream.text, /Open the timeline panel/);
      assert.match(stream.text, /Say "status"/);
      assert.ok(stream.parts.some((p) => p.kind === 'button' && p.value.command === 'nemo.showTimeline'));
    });

    it('warns before a generation when the balance is under one clip, in a fresh window too', async () => {
      const w = world.open();
      const who = await (await w.services.clients.get()).identity();
      world.emu.setCredits(who.userId!, 60);
      assert.equal(w.services.credits?.available, undefined, 'this window has not seen the balance yet');
      const { stream } = await ask(w, 'make a 10-second video of a lighthouse');
      assert.equal(stream.parts[0].kind, 'markdown', 'the warning comes before the turn starts');
      assert.match(stream.parts[0].value.value, /60 credits.*about 100/);
      const edit = await ask(w, 'add upbeat music', 'edit');
      assert.doesNotMatch(edit.stream.text, /Heads up/, 'an edit is not a new generation');
    });

    it('says "Still working…" while the stream is silent', async () => {
      world.emu.faults.add({ path: '/run_sse', fault: { kind: 'silentStream', ms: 900, then: 'continue' } });
      const w = world.open({}, { stillWorkingMs: 200 });
      const { stream, result } = await ask(w, 'make a 10-second video of a lighthouse');
      assert.equal(result.errorDetails, undefined);
      assert.ok(stream.steps.some((t) => /Still working/.test(t)), stream.steps.join(' | '));
    });

    it('after a broken stream reads the state and tells what changed, without resending', async () => {
      world.emu.faults.add({ path: '/run_sse', fault: { kind: 'resetStream', afterEvents: 8 } });
      const w = world.open();
      const { stream, result } = await ask(w, 'make a 10-second video of a lighthouse');
      assert.equal(world.emu.requests.filter((r) => r.path === '/run_sse').length, 1, 'never resent');
      assert.equal(result.errorDetails, undefined, JSON.stringify(result.errorDetails));
      assert.ok(stream.steps.some((t) => /stream broke\. The message is not sent again/.test(t)), stream.steps.join(' | '));
      assert.match(stream.text, /stream broke; the message was not sent again/, 'the closing says why the reply is cut short');
      assert.match(stream.text, /Timeline \(/);
    });

    it('refuses a plain-http API base that is not this machine, before any request', async () => {
      stub.setConfig('nemo.apiBaseUrl', 'http://api.example.com');
      const w = world.open();
      const { result } = await ask(w, 'credits');
      assert.match(String(result.errorDetails?.message), /https/);
      assert.equal(world.emu.requests.length, 0);
    });

    it('tells the backend which editor it runs in (X-Skill-Platform)', async () => {
      Object.assign(stub.env, { appName: 'code-server', uriScheme: 'code-oss' });
      try {
        await ask(world.open(), 'credits');
        assert.ok(world.emu.requests.length > 0);
        for (const r of world.emu.requests) assert.equal(r.headers['x-skill-platform'], 'code-server', r.path);
      } finally {
        Object.assign(stub.env, { appName: 'Visual Studio Code', uriScheme: 'vscode' });
      }
    });

    it('creates sessions in the editor language (zh-*) unless nemo.language says otherwise', async () => {
      stub.env.language = 'zh-cn';
      const w = world.open();
      await ask(w, 'make a 5-second video of a lighthouse');
      const sid = String(world.storage.workspaceState.get('nemo.sessionId'));
      assert.equal(world.emu.store.sessions.get(sid)?.language, 'zh');
      stub.setConfig('nemo.language', 'en');
      await (await w.services.sessionKeeper()).startNew();
      const sid2 = String(world.storage.workspaceState.get('nemo.sessionId'));
      assert.equal(world.emu.store.sessions.get(sid2)?.language, 'en');
    });

    it('Cancel Export stops the render through the cancel endpoint', async () => {
      world.emu.setOptions({ renderMs: 20_000 });
      const w = world.open();
      await ask(w, 'make a 5-second video of a lighthouse');
      const exporting = new NemoTimelineController(w.services).exportVideo();
      await world.emu.waitFor(() => w.services.renders.list().length === 1 && w.services.runningExports.size === 1);
      cancelExports(w.services);
      await exporting;
      await world.emu.waitFor(() => world.emu.requests.some((r) => /\/api\/render\/proxy\/lambda\/[^/]+\/cancel$/.test(r.path)));
      const [job] = [...world.emu.renders.values()];
      assert.equal(job.failure, 'cancelled');
      assert.deepEqual(w.services.renders.list(), [], 'a cancelled job is not resumed later');
      assert.ok(!stub.ui.messages.some((m) => m.level === 'error'), 'cancelling is not an error');
    });
  });
});
