// The `nemo` command meeting the service as it is (issue 10): tokens and errors in the shapes the
// real gateways send, its limits on free tokens, and NEMO_CLIENT_ID. The real bundle in a child
// process against the emulator, counting run_sse and anonymous-token requests.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { startEmulator, type Emulator } from '../../emulator';
import { PassThrough, Writable } from 'node:stream';
import { runCli } from '../../../src/cli/run';
import { buildCli, makeSandbox, nemo, onlyJsonLine, ROOT, type NemoRun, type Sandbox } from './nemoProcess';

const PROMPT = 'make a 5-second video of a lighthouse';
const FAST = ['--poll-interval', '0.05'];

describe('nemo CLI meets the real service: auth, errors, limits', function () {
  this.timeout(120_000);
  let emu: Emulator;
  let box: Sandbox;

  before(async () => {
    await buildCli();
    emu = await startEmulator({ renderMs: 300, turnDelayMs: 1, heartbeatMs: 200, startingCredits: 500 });
  });
  after(async () => emu?.close());
  beforeEach(async () => {
    emu.reset();
    emu.setOptions({ tokensPerClientId: 0, tokensPerIp: 0 });
    box = await makeSandbox();
  });
  afterEach(async () => box.cleanup());

  const run = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<NemoRun> => nemo([...FAST, ...args], { apiBase: emu.url, sandbox: box, env });
  const count = (p: string) => emu.requests.filter((r) => r.origin === 'api' && r.path === p).length;
  const lastLine = (r: NemoRun) => r.stderr.trim().split('\n').at(-1) ?? '';

  it('no new free token (429 on anonymous-token): asked once, never retried, and told to set NEMO_TOKEN', async () => {
    emu.setOptions({ tokensPerClientId: 1, tokensPerIp: 10 });
    assert.equal((await run(['credits'])).code, 0);
    // The stored token is refused: the one new free token allowed this week was already given.
    emu.faults.add({ path: '/api/credits/balance/simple', fault: { kind: 'envelope', code: 1001 } });
    const r = await run(['credits']);
    assert.equal(r.code, 1);
    assert.match(lastLine(r), /^Could not read your credits: no new free Nemo token can be had for now .*Set NEMO_TOKEN to a personal token/);
    assert.equal(count('/api/auth/anonymous-token'), 2, 'the first token, then one refused request: no retry');
  });

  it('HTTP 401 and codes 1010/1011 are a refused token: a new free token and one retry, the turn sent once', async () => {
    for (const fault of [{ kind: 'status', status: 401 }, { kind: 'envelope', code: 1010 }, { kind: 'envelope', code: 1011 }] as const) {
      emu.faults.add({ method: 'POST', path: '/run_sse', fault });
      const before = count('/run_sse');
      const r = await run(['chat', PROMPT, '--json']);
      assert.equal(r.code, 0, `${JSON.stringify(fault)}: ${r.stderr}`);
      assert.equal(onlyJsonLine(r).status, 'done');
      assert.equal(count('/run_sse') - before, 2, 'refused (it did nothing), then sent once with the new token');
    }
    const bad = await run(['credits'], { NEMO_TOKEN: 'nmv_usr_refused_by_gateway' });
    assert.equal(bad.code, 1);
    assert.match(lastLine(bad), /NEMO_TOKEN/);
  });

  it('a 404 {"detail":"Session not found"} is a lost session: said, and an edit is never sent into the new one', async () => {
    assert.equal((await run(['chat', PROMPT])).code, 0);
    const lost = { kind: 'status', status: 404, json: { detail: 'Session not found' } } as const;
    emu.faults.add({ method: 'GET', path: /^\/api\/state\//, fault: lost });
    const edit = await run(['chat', 'add upbeat music']);
    assert.equal(edit.code, 1);
    assert.match(edit.stderr, /not found: the old timeline is gone; started a new session/);
    assert.equal(count('/run_sse'), 1, 'the edit was not sent');

    // A generation runs in a session of its own: lost there too, it is said and never sent twice.
    emu.faults.add({ method: 'POST', path: '/run_sse', fault: lost });
    const gen = await run(['generate', 'a harbour at dawn']);
    assert.equal(gen.code, 1);
    assert.match(gen.stderr, /session was not found/);
    assert.equal(count('/run_sse'), 2, 'refused once (it did nothing), never resent blindly');
  });

  it('NEMO_CLIENT_ID is the X-Client-Id of every request, and is not written to the client id file', async () => {
    const id = 'f3f8a1de-5b7c-4a39-9f53-0c1c2d3e4f50';
    const r = await run(['credits', '--json'], { NEMO_CLIENT_ID: id });
    assert.equal(r.code, 0, r.stderr);
    const api = emu.requests.filter((q) => q.origin === 'api');
    assert.ok(api.length >= 2);
    for (const q of api) assert.equal(q.headers['x-client-id'], id, q.path);
    const files = await fs.readdir(box.home).catch(() => [] as string[]);
    for (const f of files) assert.ok(!(await fs.readFile(path.join(box.home, f), 'utf8')).includes(id), `${f} holds the env client id`);
  });

  it('export rides out poll 503s and resets, an unknown status and a late URL; one render, one MP4', async () => {
    emu.setOptions({ pollStatus: 'unknown', completedWithoutUrlPolls: 2, downloadAnswer: 'json' });
    try {
      assert.equal((await run(['chat', PROMPT])).code, 0);
      const poll = /^\/api\/render\/proxy\/lambda\/[^/]+$/;
      emu.faults.add({ method: 'GET', path: poll, times: 3, fault: { kind: 'status', status: 503 } });
      emu.faults.add({ method: 'GET', path: poll, times: 3, fault: { kind: 'reset' } });
      const r = await run(['export', '--json']);
      assert.equal(r.code, 0, r.stderr);
      const out = onlyJsonLine(r);
      assert.equal((await fs.stat(String(out.file))).size, out.bytes);
      assert.equal(count('/api/render/proxy/lambda'), 1);
    } finally {
      emu.setOptions({ pollStatus: 'normal', completedWithoutUrlPolls: 0, downloadAnswer: 'bytes' });
    }
  });

  it('the reply in paragraphs, without the trailing temporary-issue message; the raw clip announced before the finished tracks', async () => {
    emu.setOptions({ sseShape: 'adk', trailingNoise: 'temporary-issue', generationStages: 'raw-clip-first' });
    try {
      const r = await run(['chat', "make a 10-second product demo of a smartwatch with upbeat background music and the title 'Tick'"]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /'Tick'\.\n\nYour video is ready/);
      assert.doesNotMatch(r.stdout + r.stderr, /temporary issue/);
      assert.match(r.stderr, /The raw clip is ready/);
      assert.match(r.stdout, /Timeline \(3 tracks\)/, 'then the finished tracks');
      assert.equal(count('/run_sse'), 1);
    } finally {
      emu.setOptions({ sseShape: 'nemo', trailingNoise: 'off', generationStages: 'one' });
    }
  });

  const ASK = 'make a 5-second video of a lighthouse, ask me first';

  it('a question, not on a terminal: printed with numbered options (--json: a questions array), exit 0, nothing sent; nemo answer continues the session', async () => {
    const asked = await run(['chat', ASK, '--json']);
    assert.equal(asked.code, 0, asked.stderr);
    const out = onlyJsonLine(asked);
    assert.equal(out.status, 'awaiting-input');
    assert.deepEqual((out.questions as { id: string }[]).map((q) => q.id), ['style', 'extras']);
    assert.deepEqual((out.questions as { options: { label: string }[] }[])[1].options.map((o) => o.label), ['Music', 'A title']);
    assert.equal(count('/run_sse'), 1, 'the question turn only: nothing was sent as an answer');

    const human = await run(['status']);
    assert.equal(human.code, 0);
    const again = await run(['chat', ASK]);
    assert.match(again.stdout, /1\. Which style\? \(one\)\n   1\) Cinematic\n   2\) Playful\n2\. What should I add\? \(one or more\)/);
    assert.match(again.stdout, /nemo answer/);
    assert.equal(count('/run_sse'), 2);

    const answered = await run(['answer', '1. Which style?: Playful\n2. What should I add?: Music, A title', '--json']);
    assert.equal(answered.code, 0, answered.stderr);
    const result = onlyJsonLine(answered);
    assert.equal(result.status, 'done');
    assert.match(String(result.summary), /Timeline \(3 tracks\).*"Playful"/);
    assert.equal(count('/run_sse'), 3, 'the answer is exactly one more run_sse');
    assert.deepEqual([...emu.store.sessions.values()].map((x) => x.turns), [3], 'all in the same session');
  });

  it('--auto-answer sends the first option of each question, once', async () => {
    const r = await run(['chat', ASK, '--auto-answer', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /1\. Which style\?: Cinematic\n\s+2\. What should I add\?: Music/);
    const out = onlyJsonLine(r);
    assert.equal(out.status, 'done');
    assert.match(String(out.summary), /Timeline \(2 tracks\)/, 'video and the music chosen by default');
    assert.equal(count('/run_sse'), 2);
  });

  it('on a terminal: numbered options, the numbers read from stdin (a bad one asked again), then the answer sent', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const collect = () => {
      let text = '';
      return { stream: { write: (s: string) => ((text += s), true), isTTY: false }, text: () => text };
    };
    const stdout = collect();
    const stderr = collect();
    const running = runCli({
      argv: ['--api-base', emu.url, '--poll-interval', '0.05', 'chat', ASK], env: { NEMO_HOME: box.home, NEMO_API_BASE: emu.url, LANG: 'en_US.UTF-8' }, cwd: box.cwd,
      stdout: stdout.stream, stderr: stderr.stream, stdio: { stdin, stdout: new Writable({ write: (_c, _e, cb) => cb() }) },
      l10nDir: path.join(ROOT, 'l10n'), signal: new AbortController().signal,
    });
    await emu.waitFor(() => stderr.text().includes('Type a number'), 20_000).catch((e: Error) => { throw new Error(`${e.message}: ${stderr.text()} / ${stdout.text()}`); });
    stdin.write('7\n');
    await emu.waitFor(() => stderr.text().includes('Choose from 1 to 2'), 20_000);
    stdin.write('2\n');
    await emu.waitFor(() => stderr.text().includes('Type the numbers'), 20_000);
    stdin.write('2, 1\n');
    assert.equal(await running, 0, stderr.text());
    assert.equal(count('/run_sse'), 2, 'the question, then exactly one answer');
    // The emulator's agent made what the answer asked: the playful style as the title, music and a title.
    assert.match(stdout.text(), /Timeline \(3 tracks\).*"Playful"/);
  });
});
