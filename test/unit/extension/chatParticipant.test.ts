// The @nemo participant driving the real client against the emulator.
import { chatRequest, useWorld, noHistory, stub, type World } from './harness';
import * as assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type * as vscode from 'vscode';
import { createChatHandler, followups, intentOf, type NemoChatResult } from '../../../src/extension/chat/chatParticipant';

async function ask(w: ReturnType<World['open']>, prompt: string, command?: string, refs: unknown[] = [], token = new stub.CancellationTokenSource().token) {
  const stream = new stub.RecordingChatStream();
  const handler = createChatHandler(w.services);
  const result = (await handler(chatRequest(prompt, command, refs), noHistory, stream as unknown as vscode.ChatResponseStream, token as unknown as vscode.CancellationToken)) as NemoChatResult;
  return { stream, result };
}

const turnRequests = (world: World) => world.emu.requests.filter((r) => r.path === '/run_sse').length;

describe('extension: @nemo chat participant', function () {
  this.timeout(30_000);
  let world: World;
  useWorld({ startingCredits: 1000 }, (made) => (world = made));

  it('routes every intent row and slash command like the contract table', () => {
    const rows: [string, string | undefined, boolean, string][] = [
      ['export', undefined, false, 'export'], ['download the video', undefined, false, 'export'], ['导出', undefined, false, 'export'],
      ['credits', undefined, false, 'credits'], ['what is my balance', undefined, false, 'credits'], ['积分', undefined, false, 'credits'], ['余额', undefined, false, 'credits'],
      ['status', undefined, false, 'status'], ['show tracks', undefined, false, 'status'], ['状态', undefined, false, 'status'],
      ['upload', undefined, false, 'upload'], ['上传', undefined, false, 'upload'], ['use this clip', undefined, true, 'upload'],
      ['make a 10-second video of a lighthouse', undefined, false, 'message'], ['add music', undefined, false, 'message'],
      ['a lighthouse', 'generate', false, 'message'], ['make it 9:16', 'edit', false, 'message'], ['x', 'upload', false, 'upload'],
      ['x', 'export', false, 'export'], ['x', 'credits', false, 'credits'], ['x', 'status', false, 'status'],
      ['local', 'export', false, 'export-local'], ['本地', 'export', false, 'export-local'], ['export locally', undefined, false, 'export-local'],
      ['export it on this machine with ffmpeg', undefined, false, 'export-local'], ['本地导出', undefined, false, 'export-local'],
      ['a local bakery tour video', undefined, false, 'message'],
    ];
    for (const [prompt, command, attached, want] of rows) assert.equal(intentOf({ prompt, command }, attached), want, `${command ?? ''} ${prompt}`);
  });

  it('answers the non-streaming intents without sending a message', async () => {
    const w = world.open();
    const credits = await ask(w, '积分');
    assert.equal(credits.result.metadata.intent, 'credits');
    assert.match(credits.stream.text, /\*\*1000\*\* credits available/);
    const status = await ask(w, 'x', 'status');
    assert.equal(status.result.metadata.intent, 'status');
    assert.match(status.stream.text, /No timeline yet/);
    const upload = await ask(w, 'upload');
    assert.equal(upload.result.metadata.intent, 'upload');
    assert.match(upload.stream.text, /#file/);
    const exported = await ask(w, 'export');
    assert.equal(exported.result.metadata.intent, 'export');
    assert.match(String(exported.result.errorDetails?.message), /nothing to export/i, 'an empty session is an expected failure, not a throw');
    assert.equal(turnRequests(world), 0);
  });

  it('streams a generation in order: connecting, tools in words, text, then changes, credits and the timeline', async () => {
    const w = world.open();
    const { stream, result } = await ask(w, 'make a 10-second video of a lighthouse at dusk with background music');
    assert.equal(result.errorDetails, undefined);
    const kinds = stream.parts.map((p) => p.kind);
    assert.equal(stream.parts[0].kind, 'progress');
    assert.match(stream.parts[0].value, /Connecting/);
    const firstText = kinds.indexOf('markdown');
    assert.ok(firstText > 0, 'text comes after the progress');
    // Steps are progress parts until the agent's first words, then italic lines of the reply (a later
    // progress part would fold the words before it into the Chat view's collapsed steps block).
    const steps = stream.steps;
    assert.ok(steps.length >= 3 && steps.every((t) => !t.includes('{') && !t.includes('generate_video')), `tools in words: ${steps}`);
    // The emulator's agent runs generate_video, then add_music for the music asked for: each shows as what it does.
    assert.deepEqual(steps.filter((t) => /Generating the video|Adding music/.test(t)), ['Generating the video…', 'Adding music…']);
    assert.ok(stream.parts.slice(firstText).every((p) => p.kind !== 'progress'), 'no progress part after the first words');
    const last = stream.parts.filter((p) => p.kind === 'markdown').at(-1)!;
    assert.ok(stream.parts.slice(stream.parts.indexOf(last) + 1).every((p) => p.kind === 'button'), 'only buttons after the closing text');
    assert.match(last.value.value, /This turn used 100 credits; 900 left/);
    assert.match(last.value.value, /Timeline \(\d+ tracks?\)/);
    assert.doesNotMatch(stream.text, /"type"|"args"|\{"/, 'no raw JSON');
    for (const p of stream.parts.filter((x) => x.kind === 'markdown')) assert.notEqual(p.value.isTrusted, true);
    assert.equal(w.services.credits?.available, 900, 'the status bar follows the balance');
    assert.deepEqual(followups().map((f) => f.label), ['Export', 'Export locally (ffmpeg)', 'Make it 9:16', 'Show timeline']);
  });

  it('ends a silent edit with what changed on the timeline', async () => {
    world.emu.setOptions({ silentEditShare: 1 });
    const w = world.open();
    await ask(w, 'make a 10-second video of a lighthouse');
    const { stream, result } = await ask(w, 'make it 9:16', 'edit');
    assert.equal(result.errorDetails, undefined);
    const texts = stream.parts.filter((p) => p.kind === 'markdown');
    assert.equal(texts.length, 1, 'only the closing part: the agent said nothing');
    assert.match(stream.text, /1080|9:16|vertical|size|changed/i);
    assert.match(stream.text, /This turn used 50 credits/);
  });

  it('aborts the HTTP stream when the request is cancelled', async () => {
    // A TCP relay in front of the emulator shows when the client closes the run_sse connection.
    const relay = await startRelay(new URL(world.emu.url).port);
    try {
      stub.setConfig('nemo.apiBaseUrl', `http://127.0.0.1:${relay.port}`);
      world.emu.setOptions({ turnDelayMs: 400 });
      const w = world.open();
      const source = new stub.CancellationTokenSource();
      const stream = new stub.RecordingChatStream();
      const handler = createChatHandler(w.services);
      const pending = handler(chatRequest('make a 20-second video of a rainy street'), noHistory, stream as unknown as vscode.ChatResponseStream, source.token as unknown as vscode.CancellationToken);
      await world.emu.waitFor(() => [...world.emu.store.sessions.values()].some((s) => s.runningTurns > 0), 10_000);
      const sse = await relay.waitForConnection((c) => c.sent.includes('POST /run_sse'));
      source.cancel();
      const result = (await pending) as NemoChatResult;
      await relay.waitFor(() => sse.closed);
      assert.ok([...world.emu.store.sessions.values()].some((s) => s.runningTurns > 0), 'closed while the agent was still working');
      // The message was sent before the cancel: the words say it may still run, not just "cancelled".
      assert.match(String(result.errorDetails?.message ?? ''), /Stopped waiting for the reply\. The message was already sent/);
    } finally {
      await relay.close();
    }
  });

  it('after a lost session (1002) resends a new generation but never an edit of the lost timeline', async () => {
    const w = world.open();
    await ask(w, 'make a 10-second video of a lighthouse');
    world.emu.store.sessions.clear();
    const gen = await ask(w, 'make a 10-second video of a harbour');
    assert.equal(gen.result.errorDetails, undefined);
    assert.match(gen.stream.text, /timeline is gone/);
    const sent = turnRequests(world);
    world.emu.store.sessions.clear();
    const edit = await ask(w, 'add upbeat music', 'edit');
    assert.match(String(edit.result.errorDetails?.message), /session|timeline/i);
    assert.equal(turnRequests(world), sent, 'the edit was not sent into the new session');
  });

  it('shows the registration link when an anonymous user runs out of credits (2001), and never logs the token', async () => {
    const w = world.open();
    const client = await w.services.clients.get();
    const who = await client.identity();
    assert.ok(who.anonymous && who.userId);
    world.emu.setCredits(who.userId, 0);
    const { stream, result } = await ask(w, 'make a 10-second video of a lighthouse');
    assert.ok(result.errorDetails, 'an expected failure comes back as errorDetails');
    const link = `https://nemovideo.com/register?bind=${encodeURIComponent(who.userId)}`;
    assert.ok(String(result.errorDetails.message).includes(link), 'registration link in the error');
    // The clickable link is an anchor to exactly that address, never Markdown built from backend text.
    assert.deepEqual(stream.parts.filter((p) => p.kind === 'anchor').map((p) => String(p.value)), [link]);
    assert.ok(!stream.text.includes('register?bind='), 'no Markdown link made from the user id');
    const token = JSON.parse([...world.storage.secrets.values()][0]).token as string;
    assert.ok(token.length > 8);
    const log = w.channel.lines.join('\n');
    assert.match(log, /POST \/run_sse/);
    assert.match(log, /GET \/api\/credits\/balance\/simple 200 \d+ms/, 'one line per request: method, path, status, time');
    assert.ok(!log.includes(token), 'token not in the log');
  });
});

interface RelayConnection { sent: string; closed: boolean }

async function startRelay(targetPort: string) {
  const conns: RelayConnection[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const c: RelayConnection = { sent: '', closed: false };
    conns.push(c);
    const upstream = connect(Number(targetPort), '127.0.0.1');
    sockets.add(client).add(upstream);
    client.on('data', (d) => { c.sent += d.toString('latin1'); });
    client.pipe(upstream).pipe(client);
    const end = () => { c.closed = true; client.destroy(); upstream.destroy(); };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const waitFor = async (pred: () => boolean, ms = 10_000) => {
    const until = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > until) throw new Error('relay: condition not met');
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return {
    port,
    waitFor,
    async waitForConnection(pred: (c: RelayConnection) => boolean) {
      await waitFor(() => conns.some(pred));
      return conns.find(pred)!;
    },
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}
