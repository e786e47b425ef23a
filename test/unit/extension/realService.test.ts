// The extension meeting the service as it is (issue 10): a free token refused for days offers
// "Set Token…" in the chat and in the commands' notifications, never retried; NEMO_CLIENT_ID is the
// installation id. On the vscode stand-in with the real client against the emulator.
import { chatRequest, makeWorld, noHistory, stub, type Window, type World } from './harness';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { createChatHandler, followups, type NemoChatResult } from '../../../src/extension/chat/chatParticipant';
import { runConversationTurn } from '../../../src/extension/chat/conversation';
import { answerFromChat } from '../../../src/extension/chat/questionPicks';
import { NemoTimelineController } from '../../../src/extension/timeline/timelineController';
import { TimelinePanel } from '../../../src/extension/timeline/timelinePanel';

describe('extension: meets the real service (free-token limit, client id, render polls)', function () {
  this.timeout(60_000);
  let world: World;
  let w: Window;
  const count = (p: string) => world.emu.requests.filter((r) => r.path === p).length;

  beforeEach(async () => {
    // The real service's limits: the one free token for this client id was given elsewhere already.
    world = await makeWorld({ tokensPerClientId: 1, tokensPerIp: 10, startingCredits: 1000 });
  });
  afterEach(async () => {
    // A chat turn's first timeline opens the panel: it must not outlive this test.
    TimelinePanel.active?.dispose();
    await world.close();
  });

  async function useUpFreeToken(clientId: string): Promise<void> {
    const res = await fetch(`${world.emu.url}/api/auth/anonymous-token`, { method: 'POST', headers: { 'x-client-id': clientId } });
    assert.equal(res.status, 200);
  }

  it('chat: no new free token is an expected failure with a "Set Token…" button, asked for once', async () => {
    const id = '0b7d3c1e-2f4a-4e5b-8c6d-7e8f9a0b1c2d';
    await useUpFreeToken(id);
    w = world.open({ NEMO_CLIENT_ID: id });
    const stream = new stub.RecordingChatStream();
    const result = (await createChatHandler(w.services)(chatRequest('make a 5-second video of a kite'), noHistory,
      stream as unknown as vscode.ChatResponseStream, new stub.CancellationTokenSource().token as unknown as vscode.CancellationToken)) as NemoChatResult;
    assert.match(String(result.errorDetails?.message), /no new free Nemo token can be had for now.*Set Token…/);
    assert.deepEqual(stream.parts.filter((p) => p.kind === 'button').map((p) => p.value.command), ['nemo.setToken']);
    assert.equal(count('/api/auth/anonymous-token'), 2, 'the one used up above, then one refused: never retried');
    assert.equal(count('/run_sse'), 0);
  });

  it('commands: the notification offers "Set Token…", which runs Nemo: Set Token', async () => {
    const id = '1c8e4d2f-3a5b-4f6c-9d7e-8f9a0b1c2d3e';
    await useUpFreeToken(id);
    w = world.open({ NEMO_CLIENT_ID: id });
    stub.ui.answer('Set Token…');
    await new NemoTimelineController(w.services).showCredits();
    const shown = await stub.ui.waitForMessage((m) => m.level === 'error');
    assert.deepEqual(shown.items, ['Set Token…']);
    await world.emu.waitFor(() => stub.ui.executed.some((e) => e.command === 'nemo.setToken'));
  });

  it('NEMO_CLIENT_ID is sent as X-Client-Id and never stored in globalState', async () => {
    const id = '2d9f5e3a-4b6c-4a7d-8e8f-9a0b1c2d3e4f';
    w = world.open({ NEMO_CLIENT_ID: id });
    await (await w.services.clients.get()).getCredits();
    const api = world.emu.requests.filter((r) => r.origin === 'api');
    assert.ok(api.length >= 2);
    for (const r of api) assert.equal(r.headers['x-client-id'], id, r.path);
    assert.ok(![...world.storage.globalState.values()].some((v) => JSON.stringify(v).includes(id)));
  });

  it('export: a burst of 503s and dropped connections on the poll is ridden out, the notification saying so; one render', async () => {
    world.emu.setOptions({ tokensPerClientId: 0, tokensPerIp: 0, renderMs: 600, pollStatus: 'missing', completedWithoutUrlPolls: 1 });
    w = world.open();
    await runConversationTurn(w.services, 'make a 5-second video of a lighthouse', { progress: () => undefined, text: () => undefined },
      { signal: new AbortController().signal, newGeneration: true });
    const poll = /^\/api\/render\/proxy\/lambda\/[^/]+$/;
    world.emu.faults.add({ method: 'GET', path: poll, times: 3, fault: { kind: 'status', status: 503 } });
    world.emu.faults.add({ method: 'GET', path: poll, times: 3, fault: { kind: 'reset' } });
    await new NemoTimelineController(w.services).exportVideo();
    await stub.ui.waitForMessage((m) => m.message.startsWith('Video saved'));
    const reports = stub.ui.progress.find((p) => p.title.includes('exporting'))!.reports;
    assert.ok(reports.some((r) => /Connection lost, still checking the render/.test(r)), reports.join(' | '));
    assert.equal(count('/api/render/proxy/lambda'), 1, 'never a second render');
  });

  it('chat: heartbeats alone for the limit end the turn as timed out (never resent), the closing says so; no temporary-issue noise', async () => {
    world.emu.setOptions({ tokensPerClientId: 0, tokensPerIp: 0, trailingNoise: 'temporary-issue' });
    w = world.open({}, { streamTiming: { heartbeatOnlyMs: 300 } });
    const ask = async (prompt: string) => {
      const stream = new stub.RecordingChatStream();
      const result = (await createChatHandler(w.services)(chatRequest(prompt), noHistory, stream as unknown as vscode.ChatResponseStream,
        new stub.CancellationTokenSource().token as unknown as vscode.CancellationToken)) as NemoChatResult;
      return { stream, result };
    };
    const first = await ask('make a 5-second video of a lighthouse');
    assert.equal(first.result.errorDetails, undefined);
    assert.doesNotMatch(first.stream.text, /temporary issue/);
    world.emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'silentStream', ms: 2000, heartbeats: true, then: 'continue' } });
    const quiet = await ask('add upbeat music');
    assert.equal(quiet.result.errorDetails, undefined, 'an interrupted turn is not a failure');
    assert.ok(quiet.stream.steps.some((t) => /timed out\. The message is not sent again/.test(t)), quiet.stream.steps.join(' | '));
    assert.match(quiet.stream.text, /The reply timed out; the message was not sent again/);
    assert.equal(count('/run_sse'), 2, 'one each: the timed-out message was never resent');
  });

  it('chat: a 404 {"detail":"Session not found"} is a lost session: a new generation goes on in a new one, sent once more', async () => {
    world.emu.setOptions({ tokensPerClientId: 0, tokensPerIp: 0 });
    w = world.open();
    const ask = async (prompt: string) => {
      const stream = new stub.RecordingChatStream();
      const result = (await createChatHandler(w.services)(chatRequest(prompt), noHistory, stream as unknown as vscode.ChatResponseStream,
        new stub.CancellationTokenSource().token as unknown as vscode.CancellationToken)) as NemoChatResult;
      return { stream, result };
    };
    assert.equal((await ask('make a 5-second video of a lighthouse')).result.errorDetails, undefined);
    world.emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'status', status: 404, json: { detail: 'Session not found' } } });
    const gen = await ask('make a 5-second video of a harbour');
    assert.equal(gen.result.errorDetails, undefined);
    assert.match(gen.stream.text, /previous session was lost.*sent again in a new session/);
    assert.equal(count('/run_sse'), 3, 'the first turn, the refused one (it did nothing), and once in the new session');
  });

  describe('questions from the agent', () => {
    const ASK = 'make a 5-second video of a lighthouse, ask me first';
    const ask = async (prompt: string) => {
      const stream = new stub.RecordingChatStream();
      const result = (await createChatHandler(w.services)(chatRequest(prompt), noHistory, stream as unknown as vscode.ChatResponseStream,
        new stub.CancellationTokenSource().token as unknown as vscode.CancellationToken)) as NemoChatResult;
      return { stream, result };
    };
    beforeEach(() => {
      world.emu.setOptions({ tokensPerClientId: 0, tokensPerIp: 0 });
      w = world.open();
    });

    it('chat: the questions and a button per option; the answer goes to @nemo as the next message, and the turn continues', async () => {
      const asked = await ask(ASK);
      assert.equal(asked.result.errorDetails, undefined);
      assert.match(asked.stream.text, /1\. Which style\? \(one\)/);
      assert.doesNotMatch(asked.stream.text, /Nothing changed/);
      assert.doesNotMatch(asked.stream.text, /No timeline yet/, 'asked before making anything: not read as a failure to make it');
      assert.deepEqual(followups(asked.result), [], 'the answer buttons are the only way on: no Export or Make it 9:16 under a question');
      const buttons = asked.stream.parts.filter((p) => p.kind === 'button' && p.value.command === 'nemo.answerQuestion').map((p) => p.value);
      assert.deepEqual(buttons.map((b) => b.title), ['1. Cinematic', '1. Playful', '2. Music', '2. A title']);
      assert.equal(count('/run_sse'), 1);

      // "Playful" clicked; the multi-select question is asked with a pick (both ticked).
      stub.ui.answer((pick: { items: unknown[]; canPickMany?: boolean }) => (pick.canPickMany ? pick.items : undefined));
      await answerFromChat(buttons[1].arguments[0]);
      const opened = stub.ui.executed.find((e) => e.command === 'workbench.action.chat.open');
      const query = (opened?.args[0] as { query: string }).query;
      assert.equal(query, '@nemo 1. Which style?: Playful\n2. What should I add?: Music, A title');
      assert.equal(count('/run_sse'), 1, 'nothing sent until the chat sends the answer');

      const answered = await ask(query.replace(/^@nemo /, ''));
      assert.equal(answered.result.errorDetails, undefined);
      assert.match(answered.stream.text, /Timeline \(3 tracks\).*"Playful"/);
      assert.equal(count('/run_sse'), 2, 'the answer is exactly one more run_sse');
    });

    it('panel and commands: a quick pick per question, then the answer is the next turn in the same session', async () => {
      stub.ui.answer(0, (pick: { items: unknown[] }) => [pick.items[0]]);
      assert.equal(await new NemoTimelineController(w.services).runTurn(ASK, true), true);
      assert.equal(count('/run_sse'), 2);
      const sessionId = await w.services.sessions.get();
      const draft = JSON.parse(world.emu.store.sessions.get(String(sessionId))?.draftJson ?? 'null') as { t: unknown[] };
      assert.equal(draft.t.length, 2, 'the video and the music chosen');
      assert.deepEqual([...world.emu.store.sessions.values()].map((x) => x.turns), [2], 'one session');
    });
  });
});
