// `nemo mcp` driven by the MCP SDK's own Client over stdio: the real dist/cli.js as a child process,
// against the emulator over real sockets, with NEMO_HOME and the project folder in a temp dir.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { GENERATION_COST, startEmulator, type Emulator } from '../../emulator';
import { TOOL_CATALOG } from '../../../src/tools/catalog';
import { CLI, buildCli, makeSandbox, type Sandbox } from './nemoProcess';
import { ffmpegPath, probeVideo } from './mp4Probe';
import { startTcpProxy, type TcpProxy } from '../../support/tcpProxy';

const PROMPT = "make a 10-second product demo of a smartwatch with upbeat background music and the title 'Tick'";

function textOf(r: CallToolResult): string {
  return r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

describe('nemo mcp (the SDK client over stdio against the emulator)', function () {
  this.timeout(120_000);
  let emu: Emulator;
  let box: Sandbox;
  let client: Client;
  let transport: StdioClientTransport;
  let stderr: string;
  /** Between the server and the emulator: a cancelled stream shows as a connection closed. */
  let proxy: TcpProxy;

  before(async () => {
    await buildCli();
    emu = await startEmulator({ renderMs: 400, turnDelayMs: 2, heartbeatMs: 200, startingCredits: 300 });
    proxy = await startTcpProxy(emu.url);
  });
  after(async () => {
    await proxy?.close();
    await emu?.close();
  });
  beforeEach(async () => {
    emu.reset();
    box = await makeSandbox();
    stderr = '';
    transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, '--poll-interval', '0.05', 'mcp'],
      cwd: box.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: box.root, LANG: 'en_US.UTF-8', NEMO_HOME: box.home, NEMO_API_BASE: proxy.url, NEMO_FFMPEG: ffmpegPath() },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    client = new Client({ name: 'nemo-test', version: '1.0.0' });
    // connect() fails if anything but JSON-RPC reached stdout before or during the handshake.
    await client.connect(transport);
  });
  afterEach(async () => {
    await client.close();
    await box.cleanup();
  });

  it('lists the catalog\'s tools with their strict schemas', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), TOOL_CATALOG.map((t) => t.name).sort());
    for (const spec of TOOL_CATALOG) {
      const listed = tools.find((t) => t.name === spec.name);
      assert.equal(listed?.description, spec.modelDescription);
      assert.deepEqual(listed?.inputSchema.properties ?? {}, spec.inputSchema.properties, spec.name);
      assert.deepEqual(listed?.inputSchema.required ?? [], spec.inputSchema.required ?? [], spec.name);
      assert.equal((listed?.inputSchema as Record<string, unknown>).additionalProperties, false, spec.name);
    }
    assert.match(stderr, new RegExp(`serving ${TOOL_CATALOG.length} tools`));
  });

  it('generates with progress notifications, then exports: the MP4 is at the absolute path the result names', async () => {
    const progress: Progress[] = [];
    const gen = await client.callTool({ name: 'nemo_generate_video', arguments: { prompt: PROMPT, ratio: '9:16' } }, undefined,
      { onprogress: (p) => progress.push(p), timeout: 60_000 }) as CallToolResult;
    assert.notEqual(gen.isError, true, textOf(gen));
    assert.match(textOf(gen), /Timeline \(\d+ tracks?\)/);
    assert.match(textOf(gen), new RegExp(`used ${GENERATION_COST} credits; 200 left`));
    assert.ok(progress.length >= 2, `progress notifications: ${JSON.stringify(progress)}`);
    assert.ok(progress.every((p, i) => i === 0 || p.progress > progress[i - 1].progress), 'progress grows');
    const sent = emu.requests.filter((r) => r.path === '/run_sse');
    assert.equal(sent.length, 1);

    const exportProgress: Progress[] = [];
    const exp = await client.callTool({ name: 'nemo_export_video', arguments: {} }, undefined,
      { onprogress: (p) => exportProgress.push(p), timeout: 60_000 }) as CallToolResult;
    assert.notEqual(exp.isError, true, textOf(exp));
    const file = /Saved the video to (\/\S+\.mp4)/.exec(textOf(exp))?.[1];
    assert.ok(file, textOf(exp));
    assert.ok(path.isAbsolute(file));
    assert.equal(path.dirname(file), path.join(await fs.realpath(box.cwd), 'videos'));
    const facts = await probeVideo(file);
    assert.equal(facts.codec, 'h264');
    assert.ok(facts.height > facts.width, 'the 9:16 ratio reached the agent');
    assert.ok(exportProgress.some((p) => /Rendering/.test(p.message ?? '')), JSON.stringify(exportProgress));
    await assert.rejects(fs.readFile(path.join(box.home, 'renders.json'), 'utf8').then((t) => {
      if (Object.keys(JSON.parse(t) as object).length > 0) throw new Error('a pending render is left');
      throw new Error('empty');
    }), /empty|ENOENT/);
  });

  it('a cloud export the free plan refuses (402) points at where: "local", which renders the MP4 on this machine', async () => {
    const gen = await client.callTool({ name: 'nemo_generate_video', arguments: { prompt: PROMPT } }, undefined, { timeout: 60_000 }) as CallToolResult;
    assert.notEqual(gen.isError, true, textOf(gen));
    emu.faults.add({ method: 'POST', path: '/api/render/proxy/lambda', fault: { kind: 'status', status: 402 } });
    const refused = await client.callTool({ name: 'nemo_export_video', arguments: {} }) as CallToolResult;
    assert.equal(refused.isError, true);
    assert.match(textOf(refused), /Export failed: the free plan does not allow this export.*call nemo_export_video again with where: "local"/);
    const local = await client.callTool({ name: 'nemo_export_video', arguments: { where: 'local', folder: 'docs' } }, undefined, { timeout: 90_000 }) as CallToolResult;
    assert.notEqual(local.isError, true, textOf(local));
    const file = /Saved the video to (\/\S+\.mp4) \([\d.]+ MB, MP4, rendered on this machine with ffmpeg\)/.exec(textOf(local))?.[1];
    assert.ok(file, textOf(local));
    assert.equal(path.dirname(file), path.join(await fs.realpath(box.cwd), 'docs'));
    assert.equal((await probeVideo(file)).codec, 'h264');
    assert.equal(emu.requests.filter((r) => r.path === '/api/render/proxy/lambda').length, 1, 'the local export asked the cloud for nothing');

    // The web editor link for the folder's project: a claim link at the default web base, no token in it.
    const link = await client.callTool({ name: 'nemo_open_in_web_editor', arguments: {} }) as CallToolResult;
    assert.notEqual(link.isError, true, textOf(link));
    const [claim] = emu.store.claims;
    assert.equal(textOf(link), `Open the project in Nemo's web editor: https://nemovideo.com/workspace/claim?ct=${claim.claimToken}\nThe link works for 10 minutes.`);
    const stored = JSON.parse(await fs.readFile(path.join(box.home, 'tokens.json'), 'utf8')) as Record<string, { token: string }>;
    for (const { token } of Object.values(stored)) assert.ok(!textOf(link).includes(token) && !stderr.includes(token));
  });

  it('a cancelled call closes the reply stream while the agent still works, and sends nothing again', async () => {
    emu.setOptions({ turnDelayMs: 200 });
    const ac = new AbortController();
    const call = client.callTool({ name: 'nemo_generate_video', arguments: { prompt: PROMPT } }, undefined, { signal: ac.signal, timeout: 60_000 });
    await emu.waitFor(() => [...emu.store.sessions.values()].some((s) => s.runningTurns === 1), 20_000);
    const session = [...emu.store.sessions.values()].find((s) => s.runningTurns === 1);
    const closedBefore = proxy.closed;
    ac.abort();
    await assert.rejects(call, /abort/i);
    await emu.waitFor(() => proxy.closed > closedBefore, 10_000);
    assert.equal(session?.runningTurns, 1, 'the socket closed while the agent was still working');
    await emu.waitFor(() => stderr.includes('nemo_generate_video failed: aborted'), 10_000);
    // The server goes on serving after a cancel.
    const credits = await client.callTool({ name: 'nemo_credits', arguments: {} }) as CallToolResult;
    assert.notEqual(credits.isError, true, textOf(credits));
    assert.equal(emu.requests.filter((r) => r.path === '/run_sse').length, 1, 'the message was not sent again');
  });

  it('failures are isError results with the words: bad input, a path outside the workspace, out of credits', async () => {
    const bad = await client.callTool({ name: 'nemo_generate_video', arguments: { prompt: PROMPT, ratio: '4:3' } }) as CallToolResult;
    assert.equal(bad.isError, true);
    assert.match(textOf(bad), /ratio/);
    const extra = await client.callTool({ name: 'nemo_edit_video', arguments: { instruction: 'x', colour: 'red' } }) as CallToolResult;
    assert.equal(extra.isError, true);

    const outside = await client.callTool({ name: 'nemo_upload_media', arguments: { paths: ['../secret.png'] } }) as CallToolResult;
    assert.equal(outside.isError, true);
    assert.match(textOf(outside), /outside the workspace folder/);

    const noVideo = await client.callTool({ name: 'nemo_edit_video', arguments: { instruction: 'make the title bigger' } }) as CallToolResult;
    assert.equal(noVideo.isError, true);
    assert.match(textOf(noVideo), /no video to edit yet.*nemo_generate_video/);

    const user = [...emu.store.users.values()][0];
    emu.setCredits(user.id, 10);
    const broke = await client.callTool({ name: 'nemo_generate_video', arguments: { prompt: PROMPT } }) as CallToolResult;
    assert.equal(broke.isError, true);
    assert.match(textOf(broke), new RegExp(`register\\?bind=${user.id}`));
    assert.doesNotMatch(textOf(broke), /\n\s+at /, 'no stack trace');
  });
});
