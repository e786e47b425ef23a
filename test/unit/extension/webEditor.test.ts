// "Open in Nemo's web editor" in the editor, on the stand-in with the real client and emulator: the
// command, `@nemo /open` and its follow-up, the panel's request. The link VS Code is asked to open is
// the claim link; the long-lived token is in no URL opened and no log line.
import { chatRequest, noHistory, stub, useWorld, type World } from './harness';
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { createChatHandler, followups, type NemoChatResult } from '../../../src/extension/chat/chatParticipant';
import { runConversationTurn } from '../../../src/extension/chat/conversation';
import { registerCommands } from '../../../src/extension/commands/commands';
import { HAS_SESSION_KEY } from '../../../src/extension/core/workspaceSession';
import { handlePageMessage } from '../../../src/extension/timeline/pageMessages';
import { NemoTimelineController } from '../../../src/extension/timeline/timelineController';
import { CLAIM_TOKEN_PATH } from '../../../src/nemo/webEditor';

const WEB = 'https://web.nemo.test';
const quiet = { progress: () => undefined, text: () => undefined };

describe('extension: Open in Nemo Web Editor', function () {
  this.timeout(60_000);
  let world: World;
  let token: string;
  useWorld({ personalCredits: 1000 }, (made, user) => ([world, token] = [made, user!.token]));
  // After the world's set-up, which resets the settings to the manifest's defaults.
  beforeEach(() => stub.setConfig('nemo.webBaseUrl', `${WEB}/`));

  type Win = ReturnType<World['open']>;
  /** This feature's failure notice (a panel another suite left behind may show its own errors meanwhile). */
  const openFailure = (m: stub.ShownMessage) => m.level === 'error' && m.message.startsWith('Could not open the project in Nemo\'s web editor');
  const claimUrls = () => world.emu.store.claims.map((c) => `${WEB}/workspace/claim?ct=${c.claimToken}`);
  const claimRequests = () => world.emu.requests.filter((r) => r.path === CLAIM_TOKEN_PATH).length;
  const makeVideo = (w: Win) => runConversationTurn(w.services, 'make a 5-second video of a lighthouse', quiet, { signal: new AbortController().signal, newGeneration: true });

  /** Runs `fn` with the window's commands registered, as activation does. */
  async function withCommands(w: Win, fn: () => Promise<void>): Promise<void> {
    const disposables = registerCommands(w.services, new NemoTimelineController(w.services));
    try {
      await fn();
    } finally {
      disposables.forEach((d) => d.dispose());
    }
  }

  function assertNoTokenAnywhere(w: Win): void {
    for (const url of stub.ui.opened) assert.ok(!url.includes(token), 'the long-lived token is in no URL opened');
    assert.ok(!w.channel.lines.join('\n').includes(token), 'nor in the log');
    assert.ok(!stub.ui.messages.some((m) => m.message.includes(token)), 'nor in a message');
  }

  it('the command opens <web base>/workspace/claim?ct=<claim token> with openExternal, for the workspace\'s session', async () => {
    const w = world.open();
    await makeVideo(w);
    await withCommands(w, () => stub.commands.executeCommand('nemo.openWebEditor'));
    assert.deepEqual(stub.ui.opened, claimUrls());
    assert.equal(stub.ui.opened.length, 1);
    const [claim] = world.emu.store.claims;
    assert.equal(claim.sessionId, await w.services.sessions.get());
    assert.equal(claim.taskId, world.emu.store.sessions.get(claim.sessionId)?.taskId);
    assert.deepEqual(stub.ui.messages.filter(openFailure), []);
    assertNoTokenAnywhere(w);
  });

  it('nemo.hasSession follows the workspace\'s session (the command\'s enablement)', async () => {
    const w = world.open();
    const hasSession = () => stub.ui.executed.filter((e) => e.command === 'setContext' && e.args[0] === HAS_SESSION_KEY).map((e) => e.args[1]);
    await world.emu.waitFor(() => hasSession().length === 1);
    assert.deepEqual(hasSession(), [false]);
    await makeVideo(w);
    assert.equal(hasSession().at(-1), true);
  });

  it('without a session: a clear message, no session made and nothing asked of the service', async () => {
    const w = world.open();
    await withCommands(w, () => stub.commands.executeCommand('nemo.openWebEditor'));
    const shown = await stub.ui.waitForMessage(openFailure);
    assert.equal(shown.message, 'Could not open the project in Nemo\'s web editor: there is no Nemo project in this workspace yet. Make a video first (Nemo: Generate Video…).');
    assert.deepEqual(stub.ui.opened, []);
    assert.equal(world.emu.store.sessions.size, 0);
    assert.equal(claimRequests(), 0);
  });

  it('a lost session (1002), a refused token (401) and no network: the shared failure words, nothing opened', async () => {
    const w = world.open();
    await makeVideo(w);
    const failureAfter = async (setUp: () => void): Promise<string> => {
      stub.ui.messages = [];
      setUp();
      await withCommands(w, () => stub.commands.executeCommand('nemo.openWebEditor'));
      return (await stub.ui.waitForMessage(openFailure)).message;
    };
    assert.equal(await failureAfter(() => world.emu.faults.add({ path: CLAIM_TOKEN_PATH, fault: { kind: 'envelope', code: 1002 } })),
      'Could not open the project in Nemo\'s web editor: the session was not found, so its timeline is gone. Start again with a new prompt.');
    assert.match(await failureAfter(() => world.emu.faults.add({ path: CLAIM_TOKEN_PATH, fault: { kind: 'status', status: 401, json: { detail: 'Unauthorized' } } })),
      /^Could not open the project in Nemo's web editor: your Nemo token was refused \(expired or invalid\)\. Enter a new token/);
    assert.match(await failureAfter(() => world.emu.faults.add({ path: CLAIM_TOKEN_PATH, times: 3, fault: { kind: 'reset' } })),
      /^Could not open the project in Nemo's web editor: the connection to the Nemo service broke\. Check your internet connection/);
    assert.deepEqual(stub.ui.opened, []);
    assertNoTokenAnywhere(w);
  });

  it('a web base that is not https: said in words that do not echo it, before any request', async () => {
    stub.setConfig('nemo.webBaseUrl', 'http://me:hunter2@web.nemo.test');
    const w = world.open();
    await makeVideo(w);
    await withCommands(w, () => stub.commands.executeCommand('nemo.openWebEditor'));
    const shown = await stub.ui.waitForMessage(openFailure);
    assert.match(shown.message, /^Could not open the project in Nemo's web editor: The Nemo web editor address must use https/);
    assert.doesNotMatch(shown.message, /hunter2/);
    assert.equal(claimRequests(), 0);
  });

  it('@nemo: a turn that made the video offers the /open follow-up; /open opens the claim link', async () => {
    const w = world.open();
    const handler = createChatHandler(w.services);
    const ask = async (prompt: string, command?: string) => {
      const stream = new stub.RecordingChatStream();
      const result = (await handler(chatRequest(prompt, command), noHistory, stream as unknown as vscode.ChatResponseStream,
        new stub.CancellationTokenSource().token as unknown as vscode.CancellationToken)) as NemoChatResult;
      return { stream, result };
    };
    const credits = await ask('credits');
    assert.ok(!followups(credits.result).some((f) => f.command === 'open'), 'no video changed: no web editor follow-up');
    const made = await ask('make a 5-second video of a lighthouse');
    assert.equal(made.result.metadata.changedVideo, true);
    const open = followups(made.result).find((f) => f.command === 'open');
    assert.deepEqual(open && { label: open.label, prompt: open.prompt }, { label: 'Open in Nemo web editor', prompt: 'Open the project in Nemo\'s web editor' });

    const opened = await ask(open!.prompt, open!.command);
    assert.equal(opened.result.metadata.intent, 'open-web');
    assert.equal(opened.result.errorDetails, undefined);
    assert.deepEqual(stub.ui.opened, claimUrls());
    assert.match(opened.stream.text, /Opened the project in Nemo's web editor/);
    assert.ok(!opened.stream.text.includes('ct='), 'the claim link is not left in the chat');
    assert.equal(world.emu.requests.filter((r) => r.path === '/run_sse').length, 1, '/open sends nothing to the agent');

    world.emu.faults.add({ path: CLAIM_TOKEN_PATH, fault: { kind: 'envelope', code: 1002 } });
    const lost = await ask('x', 'open');
    assert.match(String(lost.result.errorDetails?.message), /^Could not open the project in Nemo's web editor: the session was not found/);
    assertNoTokenAnywhere(w);
  });

  it('the panel\'s request: the page only asks, the host gets the link and opens it', async () => {
    const w = world.open();
    await makeVideo(w);
    const logs: string[] = [];
    await handlePageMessage({ type: 'timeline/webEditor/open' }, {
      controller: new NemoTimelineController(w.services), log: (l) => logs.push(l), onReady: () => undefined, exportFile: () => undefined,
    });
    assert.deepEqual(logs, []);
    assert.deepEqual(stub.ui.opened, claimUrls());
    assert.equal(stub.ui.opened.length, 1);
    assertNoTokenAnywhere(w);
  });
});
