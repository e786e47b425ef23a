// What a turn came to, as each editor front end shows it (src/chat/turnOutcome.ts read by
// conversation.ts): an error the agent reports inside the stream is a failure in the chat
// (errorDetails), in the panel (the reply ends with the error) and in the command's notification.
// Against the emulator, counting run_sse requests: nothing is ever sent twice.
import { chatRequest, useWorld, noHistory, stub, type Window, type World } from './harness';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { createChatHandler, type NemoChatResult } from '../../../src/extension/chat/chatParticipant';
import { NemoTimelineController } from '../../../src/extension/timeline/timelineController';
import type { HostMessage } from '../../../src/shared/protocol';

const PROMPT = 'make a 10-second video of a lighthouse at dusk';

describe('extension: what a turn came to, in the chat, the panel and the commands', function () {
  this.timeout(60_000);
  let world: World;
  let w: Window;
  const turns = () => world.emu.requests.filter((r) => r.path === '/run_sse').length;

  useWorld({ startingCredits: 1000 }, (made) => {
    world = made;
    w = world.open();
  });

  async function ask(prompt: string) {
    const stream = new stub.RecordingChatStream();
    const result = (await createChatHandler(w.services)(chatRequest(prompt), noHistory, stream as unknown as vscode.ChatResponseStream,
      new stub.CancellationTokenSource().token as unknown as vscode.CancellationToken)) as NemoChatResult;
    return { stream, result };
  }

  it('chat: an error inside the stream ends the reply as a failure with the agent\'s words, after the text it streamed', async () => {
    world.emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'streamError', afterEvents: 2, message: 'model overloaded' } });
    const { stream, result } = await ask(PROMPT);
    assert.match(String(result.errorDetails?.message), /^Message failed: the agent reported an error \(model overloaded\)\. .*check it/);
    assert.ok(stream.text.length > 0, 'the words before the error stay');
    assert.match(stream.text, /Nothing changed on the timeline\./, 'what the failed turn changed is said');
    assert.doesNotMatch(stream.text, /This turn used/, 'no success-looking cost line without a change');
    assert.equal(turns(), 1, 'never sent again');
  });

  it('panel: the reply ends with the failure and the error notification shows it', async () => {
    const controller = new NemoTimelineController(w.services);
    await controller.show();
    const page = stub.panels.at(-1)!;
    page.receive({ type: 'timeline/page/ready' });
    world.emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'streamError', afterEvents: 2, message: 'model overloaded' } });
    const ok = await controller.runTurn(PROMPT, true);
    assert.equal(ok, false);
    const end = (page.posted as HostMessage[]).filter((m) => m.type === 'timeline/reply/end').at(-1);
    assert.ok(end && end.type === 'timeline/reply/end');
    assert.match(String(end.error), /the agent reported an error \(model overloaded\)/);
    const shown = stub.ui.messages.filter((m) => m.level === 'error');
    assert.equal(shown.length, 1);
    assert.match(shown[0].message, /model overloaded/);
    assert.equal(turns(), 1);
  });

  it('command without a panel: the failure is an error notification, not the closing lines as information', async () => {
    const controller = new NemoTimelineController(w.services);
    world.emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'streamError', afterEvents: 1, message: 'quota exceeded upstream' } });
    assert.equal(await controller.runTurn(PROMPT, true), false);
    assert.deepEqual(stub.ui.messages.map((m) => m.level), ['error']);
    assert.match(stub.ui.messages[0].message, /quota exceeded upstream/);
    assert.equal(turns(), 1);
  });
});
