// The reply stream's limits as the editor's settings set them (issue 10 point 4: "configurable"):
// the extension on the vscode stand-in with the real client against the emulator. A short
// `nemo.streamSilenceSeconds` makes a turn of heartbeats alone time out (said, never resent); a bad
// value is said in words naming the setting before anything is sent.
import { chatRequest, noHistory, stub, useWorld, type World } from './harness';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { createChatHandler, type NemoChatResult } from '../../../src/extension/chat/chatParticipant';

async function ask(w: ReturnType<World['open']>, prompt: string) {
  const stream = new stub.RecordingChatStream();
  const token = new stub.CancellationTokenSource().token;
  const result = (await createChatHandler(w.services)(chatRequest(prompt), noHistory, stream as unknown as vscode.ChatResponseStream, token as unknown as vscode.CancellationToken)) as NemoChatResult;
  return { stream, result };
}

describe('extension: the stream limits settings', function () {
  this.timeout(60_000);
  let world: World;
  useWorld({ personalCredits: 1000 }, (made) => (world = made));
  const turns = () => world.emu.requests.filter((r) => r.path === '/run_sse').length;

  it('nemo.streamSilenceSeconds: 1 — heartbeats alone for a second end the turn as timed out, never resent; the work found on the timeline', async () => {
    stub.setConfig('nemo.streamSilenceSeconds', 1);
    const w = world.open();
    // The agent sends nothing but heartbeat events for 2.5 s, then does the work anyway.
    world.emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'silentStream', ms: 2500, heartbeats: true, then: 'continue' } });
    const { stream, result } = await ask(w, 'make a 2-second video of a lighthouse');
    assert.equal(result.errorDetails, undefined, 'an interrupted turn is not a failure');
    assert.ok(stream.steps.some((t) => /The reply timed out\. The message is not sent again/.test(t)), stream.steps.join(' | '));
    assert.match(stream.text, /The reply timed out; the message was not sent again/);
    assert.match(stream.text, /Timeline \(\d+ tracks?\)/);
    assert.equal(turns(), 1, 'never resent');
  });

  it('unset, the same heartbeats are waited out: the documented 10 minutes', async () => {
    const w = world.open();
    world.emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'silentStream', ms: 1500, heartbeats: true, then: 'continue' } });
    const { stream, result } = await ask(w, 'make a 2-second video of a lighthouse');
    assert.equal(result.errorDetails, undefined);
    assert.doesNotMatch(stream.text, /timed out/);
    assert.equal(turns(), 1);
  });

  for (const [settings, words] of [
    [{ 'nemo.streamSilenceSeconds': 1200, 'nemo.streamMaxSeconds': 600 }, /nemo\.streamSilenceSeconds \(1200 s\) cannot be longer than nemo\.streamMaxSeconds \(600 s\)/],
    [{ 'nemo.streamMaxSeconds': 'soon' }, /nemo\.streamMaxSeconds must be a number of seconds from 1 to 86400\./],
  ] as const) {
    it(`a bad value (${JSON.stringify(settings)}) is said, naming the setting; nothing is sent`, async () => {
      for (const [key, value] of Object.entries(settings)) stub.setConfig(key, value);
      const w = world.open();
      const { result } = await ask(w, 'make a 2-second video of a lighthouse');
      assert.match(result.errorDetails?.message ?? '', words);
      assert.equal(world.emu.requests.length, 0, 'not one request');
    });
  }
});
