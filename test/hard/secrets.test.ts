// Defect 11 (the URL half): a rejected --api-base / NEMO_API_BASE was echoed whole, userinfo and
// query included. The words name what is wrong with the address, never its credentials.
import { chatRequest, noHistory, stub, useWorld, type SignedIn, type World } from '../unit/extension/harness';
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { createChatHandler } from '../../src/extension/chat/chatParticipant';
import { NemoTimelineController } from '../../src/extension/timeline/timelineController';
import { registerLanguageModelTools } from '../../src/extension/tools/languageModelTools';
import { hard } from './ledger';
import { cliWorld } from './world';

const SECRET_BASES = [
  'http://user:s3cret-pw@api.example.com/?token=nmv_usr_leak',
  'https://user:s3cret-pw@api.example.com/',
  'https://api.example.com/?token=nmv_usr_leak',
  'not a url s3cret-pw nmv_usr_leak',
];

describe('hard: no credentials echoed from an API address (CLI)', function () {
  this.timeout(60_000);
  const w = cliWorld();

  for (const base of SECRET_BASES) {
    hard('secrets', `--api-base ${JSON.stringify(base)} is refused without echoing its secrets`, async () => {
      const r = await w.run(['--api-base', base, 'credits']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /API address/);
      assert.doesNotMatch(r.stdout + r.stderr, /s3cret-pw|nmv_usr_leak/);
    });
  }

  hard('secrets', 'NEMO_API_BASE with userinfo and a query is refused without echoing them', async () => {
    const r = await w.run(['credits'], { env: { NEMO_API_BASE: SECRET_BASES[0] } });
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.stdout + r.stderr, /s3cret-pw|nmv_usr_leak/);
  });
});

// Defect 11 (the reply half): an agent reply that echoed the token was printed as is. Backend text
// leaves every surface through src/shared/safeText.ts, which redacts token shapes and the tokens
// the surface holds; the emulator's agent answers "what is my token" with the caller's token.
const ECHO = 'what is my token';

describe('hard: an agent reply echoing the token (CLI)', function () {
  this.timeout(60_000);
  const w = cliWorld();

  async function storedToken(): Promise<string> {
    assert.equal((await w.run(['credits'])).code, 0);
    const tokens = (await w.homeJson('tokens.json')) as Record<string, { token: string }>;
    const [{ token }] = Object.values(tokens);
    assert.match(token, /^nmv_/);
    return token;
  }

  hard('secrets', 'nemo chat: the echoed token is on neither stdout nor stderr', async () => {
    const token = await storedToken();
    const r = await w.run(['chat', ECHO]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Your token is \[token\]\. Send it as Bearer \[token\]/);
    assert.ok(!(r.stdout + r.stderr).includes(token));
    assert.ok(!(r.stdout + r.stderr).includes(token.slice(-16)), 'not even a part of it');
  });

  hard('secrets', 'nemo chat --json: the echoed token is neither in the JSON result nor in the streamed reply', async () => {
    const token = await storedToken();
    const r = await w.run(['chat', ECHO, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotThrow(() => JSON.parse(r.stdout) as unknown);
    assert.ok(!(r.stdout + r.stderr).includes(token.slice(-16)));
  });

  hard('secrets', 'NEMO_TOKEN echoed back: redacted as the token in use', async () => {
    const token = await storedToken();
    const r = await w.run(['chat', ECHO], { env: { NEMO_TOKEN: token } });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!(r.stdout + r.stderr).includes(token.slice(-16)));
  });
});

describe('hard: an agent reply echoing the token (editor: chat, log, language model tool)', function () {
  this.timeout(60_000);
  let world: World;
  let user: SignedIn;
  useWorld({ personalCredits: 1000 }, (made, signedIn) => {
    world = made;
    user = signedIn!;
  });

  hard('secrets', '@nemo: the echoed token is in neither the chat response nor the Nemo log', async () => {
    const win = world.open();
    const stream = new stub.RecordingChatStream();
    const token = new stub.CancellationTokenSource().token;
    await createChatHandler(win.services)(chatRequest(ECHO), noHistory, stream as unknown as vscode.ChatResponseStream, token as unknown as vscode.CancellationToken);
    assert.match(stream.text, /Your token is/);
    const shown = JSON.stringify(stream.parts) + stream.text + win.channel.lines.join('\n');
    assert.ok(!shown.includes(user.token.slice(-16)), shown);
  });

  hard('secrets', 'the timeline panel: the echoed token is in no message posted to the page', async () => {
    const controller = new NemoTimelineController(world.open().services);
    await controller.show();
    const page = stub.panels.at(-1)!;
    page.receive({ type: 'timeline/page/ready' });
    assert.equal(await controller.runTurn(ECHO, false), true);
    const posted = JSON.stringify(page.posted);
    assert.match(posted, /Your token is/);
    assert.ok(!posted.includes(user.token.slice(-16)), posted);
  });

  hard('secrets', 'nemo_edit_video (language model tool): the echoed token is not in the tool result', async () => {
    const registrations = registerLanguageModelTools(world.open().services);
    try {
      const invoke = (name: string, input: object) => Promise.resolve(vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }));
      await invoke('nemo_generate_video', { prompt: 'a 5-second video of a lighthouse' });
      const result = await invoke('nemo_edit_video', { instruction: ECHO });
      const text = result.content.map((p) => (p instanceof stub.LanguageModelTextPart ? p.value : '')).join('\n');
      assert.match(text, /Your token is/);
      assert.ok(!text.includes(user.token.slice(-16)), text);
    } finally {
      for (const r of registrations) r.dispose();
    }
  });
});
