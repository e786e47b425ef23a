// The language model tools as Copilot agent mode calls them: through `vscode.lm.invokeTool` on the
// stand-in (schema check, prepareInvocation and its confirmation, cancellation), run by the real
// client against the emulator.
import { useWorld, stub, type World } from './harness';
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { NemoTimelineController } from '../../../src/extension/timeline/timelineController';
import { registerLanguageModelTools } from '../../../src/extension/tools/languageModelTools';
import type { HostMessage, TimelineView } from '../../../src/shared/protocol';
import { TOOL_CATALOG } from '../../../src/tools/catalog';
import { probeVideo } from '../cli/mp4Probe';
import { startTcpProxy, type TcpProxy } from '../../support/tcpProxy';

const PROMPT = "a 10-second launch video for Tick 2.0 with upbeat music and the title 'Tick 2.0'";

function textOf(r: vscode.LanguageModelToolResult): string {
  return r.content.map((p) => (p instanceof stub.LanguageModelTextPart ? p.value : '')).join('\n');
}

function viewsPosted(page: stub.WebviewPanelStub): TimelineView[] {
  return (page.posted as HostMessage[]).flatMap((m) => (m.type === 'timeline/view/set' ? [m.view] : []));
}

function invoke(name: string, input: object, token?: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
  return Promise.resolve(vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, token));
}

describe('extension: language model tools (vscode.lm.invokeTool against the emulator)', function () {
  this.timeout(60_000);
  let world: World;
  let userId: string;
  let registrations: vscode.Disposable[];
  let win: ReturnType<World['open']>;

  useWorld({ personalCredits: 300 }, (made, user) => {
    world = made;
    userId = user!.userId;
  });
  beforeEach(() => {
    stub.toolUi.reset();
    win = world.open();
    registrations = registerLanguageModelTools(win.services);
  });
  afterEach(() => {
    for (const r of registrations) r.dispose();
  });

  const runSse = () => world.emu.requests.filter((r) => r.path === '/run_sse').length;

  it('registers every tool of the catalog', () => {
    assert.deepEqual(vscode.lm.tools.map((t) => t.name).sort(), TOOL_CATALOG.map((t) => t.name).sort());
  });

  it('generate → edit → export: asks with the cost and balance before spending, leaves the MP4, names it workspace-relative', async () => {
    const gen = textOf(await invoke('nemo_generate_video', { prompt: PROMPT, ratio: '1:1', music: true }));
    assert.match(gen, /Timeline \(\d+ tracks?\)/);
    assert.match(gen, /used 100 credits; 200 left/);
    assert.deepEqual(stub.toolUi.confirmations.map((c) => c.tool), ['nemo_generate_video']);
    assert.match(stub.toolUi.confirmations[0].message, /about 100 credits\. You have 300 credits available\./);
    assert.match(stub.toolUi.confirmations[0].message, /Tick 2\.0/);

    const edit = textOf(await invoke('nemo_edit_video', { instruction: 'make the title bigger' }));
    assert.match(edit, /used 50 credits; 150 left/);
    assert.match(stub.toolUi.confirmations[1].message, /about 50 credits\. You have 200 credits available\./);

    const timeline = textOf(await invoke('nemo_show_timeline', {}));
    assert.match(timeline, /Ready to export/);
    const exported = textOf(await invoke('nemo_export_video', { folder: 'docs' }));
    const rel = /Saved the video to (docs\/\S+\.mp4)/.exec(exported)?.[1];
    assert.ok(rel, exported);
    const facts = await probeVideo(path.join(world.workspace, rel));
    assert.equal(facts.codec, 'h264');
    assert.equal(facts.width, facts.height, 'the 1:1 ratio reached the agent');
    assert.match(exported, /no credits were used/);
    assert.equal(stub.toolUi.confirmations.length, 2, 'read-only and free tools ask nothing');
    assert.deepEqual(world.open().services.renders.list(), [], 'no pending render left');
  });

  it('nemo_open_in_web_editor: free and unasked, the claim link of the current video; before one, what to do', async () => {
    stub.setConfig('nemo.webBaseUrl', 'https://web.nemo.test');
    await assert.rejects(invoke('nemo_open_in_web_editor', {}), /there is no Nemo video yet\. Call nemo_generate_video first/);
    assert.equal(world.emu.store.sessions.size, 0, 'asking for the link made no project');
    await invoke('nemo_generate_video', { prompt: PROMPT });
    const text = textOf(await invoke('nemo_open_in_web_editor', {}));
    const [claim] = world.emu.store.claims;
    assert.equal(text, `Open the project in Nemo's web editor: https://web.nemo.test/workspace/claim?ct=${claim.claimToken}\nThe link works for 10 minutes.`);
    for (const token of world.storage.secrets.values()) assert.ok(!text.includes(token), 'the long-lived token is not in the link');
    assert.deepEqual(stub.toolUi.confirmations.map((c) => c.tool), ['nemo_generate_video'], 'only the generation asked');
  });

  it('a declined confirmation sends nothing', async () => {
    stub.toolUi.accept = false;
    await assert.rejects(invoke('nemo_generate_video', { prompt: PROMPT }), { name: 'Canceled' });
    assert.equal(runSse(), 0);
  });

  it('bad input: refused by the schema before the tool runs, and by the tool itself with what to do', async () => {
    await assert.rejects(invoke('nemo_generate_video', { prompt: PROMPT, ratio: '4:3' }), /Invalid input for tool nemo_generate_video/);
    await assert.rejects(invoke('nemo_edit_video', { instruction: 'x', colour: 'red' }), /Invalid input/);
    // A blank prompt passes the schema (minLength 1) but not the tool.
    await assert.rejects(invoke('nemo_generate_video', { prompt: '   ' }), /Invalid input for nemo_generate_video: prompt must not be empty\. Fix the input and call it again\./);
    await assert.rejects(invoke('nemo_edit_video', { instruction: 'make the title bigger' }), /There is no video to edit yet\. Call nemo_generate_video first\./);
    await writeFile(path.join(world.root, 'secret.png'), 'x');
    await assert.rejects(invoke('nemo_upload_media', { paths: ['../secret.png'] }), /\.\.\/secret\.png is outside the workspace folder/);
    await mkdir(path.join(world.workspace, 'media'), { recursive: true });
    await writeFile(path.join(world.workspace, 'media', 'notes.txt'), 'x');
    await assert.rejects(invoke('nemo_upload_media', { paths: ['media/notes.txt'] }), /Upload failed: .*\.txt.*Use one of: mp4/);
    assert.equal(runSse(), 0, 'nothing reached the agent');
  });

  it('the open timeline panel follows the tools: redrawn after a generation and after an export', async () => {
    const controller = new NemoTimelineController(win.services);
    await controller.show();
    const page = stub.panels.at(-1)!;
    page.receive({ type: 'timeline/page/ready' });
    await controller.whenIdle();
    assert.equal(viewsPosted(page).at(-1)?.draft, undefined, 'nothing to draw before the first generation');

    await invoke('nemo_generate_video', { prompt: PROMPT });
    await controller.whenIdle();
    assert.ok((viewsPosted(page).at(-1)?.draft?.tracks.length ?? 0) > 0, 'the generated timeline is drawn');

    await invoke('nemo_export_video', {});
    await controller.whenIdle();
    assert.match(viewsPosted(page).at(-1)?.exported?.name ?? '', /\.mp4$/, "the tool's MP4 plays in the panel");
    controller.dispose();
  });

  it('uploads workspace media into the current project', async () => {
    await mkdir(path.join(world.workspace, 'media'), { recursive: true });
    await writeFile(path.join(world.workspace, 'media', 'logo.png'), Buffer.from('89504e470d0a1a0a0000', 'hex'));
    const up = textOf(await invoke('nemo_upload_media', { paths: ['media/logo.png'] }));
    assert.match(up, /Uploaded 1 file\(s\)[\s\S]*logo\.png \(image/);
  });

  it('out of credits: an anonymous user reads the registration link; no stack trace', async () => {
    for (const r of registrations) r.dispose();
    world.storage.secrets.clear();
    registrations = registerLanguageModelTools(world.open().services);
    await invoke('nemo_credits', {}); // gets the free anonymous token
    const anon = [...world.emu.store.users.values()].find((u) => u.id !== userId);
    assert.ok(anon);
    world.emu.setCredits(anon.id, 10);
    await assert.rejects(invoke('nemo_generate_video', { prompt: PROMPT }), (e: Error) => {
      assert.match(e.message, new RegExp(`you have used all your free credits\\. Register to get more and keep your work: https://nemovideo\\.com/register\\?bind=${anon.id}`));
      assert.doesNotMatch(e.message, /\n\s+at /);
      return true;
    });
    assert.match(stub.toolUi.confirmations[0].message, /You have 10 credits available: probably not enough\./);
  });

  describe('cancellation', () => {
    let proxy: TcpProxy;
    afterEach(async () => proxy?.close());

    it('cancelling the token closes the reply stream while the agent works; nothing is sent again', async () => {
      proxy = await startTcpProxy(world.emu.url);
      for (const r of registrations) r.dispose();
      stub.setConfig('nemo.apiBaseUrl', proxy.url);
      world.storage.secrets.set(`nemo.personalToken:${proxy.url}`, world.storage.secrets.get(`nemo.personalToken:${world.emu.url}`) as string);
      registrations = registerLanguageModelTools(world.open().services);
      world.emu.setOptions({ turnDelayMs: 200 });
      const source = new stub.CancellationTokenSource();
      const call = invoke('nemo_generate_video', { prompt: PROMPT }, source.token as unknown as vscode.CancellationToken);
      await world.emu.waitFor(() => [...world.emu.store.sessions.values()].some((s) => s.runningTurns === 1), 20_000);
      const session = [...world.emu.store.sessions.values()].find((s) => s.runningTurns === 1);
      const closedBefore = proxy.closed;
      source.cancel();
      await assert.rejects(call, /Cancelled: nemo_generate_video was stopped/);
      await world.emu.waitFor(() => proxy.closed > closedBefore, 10_000);
      assert.equal(session?.runningTurns, 1, 'the socket closed while the agent was still working');
      assert.equal(runSse(), 1);
      assert.equal(existsSync(path.join(world.workspace, 'videos')), false);
    });
  });
});
