// The `nemo` command end to end: the real bundle in a child process, against the emulator over
// real sockets, with NEMO_HOME and the project folder in a temp dir.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { version } from '../../../package.json';
import { GENERATION_COST, startEmulator, type Emulator } from '../../emulator';
import { planTurn } from '../../emulator/agent';
import { chunkText } from '../../emulator/sse';
import { CLI, buildCli, makeSandbox, nemo, onlyJsonLine, type NemoRun, type Sandbox } from './nemoProcess';
import { probeVideo } from './mp4Probe';
import { closedPort } from '../../support/ports';

const DEMO_PROMPT = "make a 10-second product demo of a smartwatch with upbeat background music and the title 'Tick'";
const FORMATS = 'mp4, mov, avi, webm, mkv, jpg, png, gif, webp, mp3, wav, m4a, aac';
const FAST = ['--poll-interval', '0.05'];
/** Enough for the two generations one test makes. */
const STARTING_CREDITS = 300;

/**
 * How many data events of the emulator's nemo-shaped stream for `prompt` (no draft yet, no
 * interval heartbeats) come before the timeline changes: each text delta is one, each tool call
 * three (call, heartbeat, result). The draft is committed right after the last tool result.
 */
function eventsUntilTimelineChanges(prompt: string): number {
  const { steps } = planTurn(prompt, undefined, 'http://media.test', 1);
  const lastTool = steps.map((step) => step.kind).lastIndexOf('tool');
  return steps.slice(0, lastTool + 1).reduce((n, step) => n + (step.kind === 'say' ? chunkText(step.text).length : 3), 0);
}

describe('nemo CLI (child process against the emulator)', function () {
  this.timeout(120_000);
  let emu: Emulator;
  let box: Sandbox;

  before(async () => {
    await buildCli();
    // Idle connections stay open for 10 minutes: a CLI that leaves a socket or timer behind would
    // then hang until the test times out, instead of lingering for Node's default 5 s unnoticed.
    emu = await startEmulator({ renderMs: 400, turnDelayMs: 2, heartbeatMs: 200, startingCredits: STARTING_CREDITS, keepAliveMs: 600_000 });
  });
  after(async () => {
    await emu?.close();
  });
  beforeEach(async () => {
    emu.reset();
    box = await makeSandbox();
  });
  afterEach(async () => {
    await box.cleanup();
  });

  const run = (args: string[], extra: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<NemoRun> =>
    nemo([...FAST, ...args], { apiBase: emu.url, sandbox: box, ...extra });

  const apiRequests = (pathPart: string) => emu.requests.filter((r) => r.origin === 'api' && r.path.startsWith(pathPart));

  async function sessionsFile(): Promise<Record<string, string>> {
    return JSON.parse(await fs.readFile(path.join(box.home, 'sessions.json'), 'utf8')) as Record<string, string>;
  }

  it('the demo flow: chat then export leaves an H.264 1080p MP4 of the draft\'s length; headers right, no token to the CDN', async () => {
    const chat = await run(['chat', DEMO_PROMPT]);
    assert.equal(chat.code, 0, chat.stderr);
    assert.match(chat.stdout, /Tick/);
    assert.match(chat.stdout, /Timeline \(3 tracks\): 1\. Video: .* 2\. BGM: .* 3\. Title: "Tick"/);
    // The agent's web-editor talk ("click the Export button") is said in words that work here.
    assert.doesNotMatch(chat.stdout, /click the Export button/);
    assert.match(chat.stdout, /Say "status" to see the timeline\./);

    const exp = await run(['export', '--json']);
    assert.equal(exp.code, 0, exp.stderr);
    const result = onlyJsonLine(exp);
    const file = String(result.file);
    assert.ok(path.isAbsolute(file));
    assert.equal(path.dirname(file), path.join(await fs.realpath(box.cwd), 'videos'));
    assert.equal((await fs.stat(file)).size, result.bytes);
    assert.match(String(result.renderId), /^render_\d+$/);
    assert.deepEqual((await fs.readdir(path.dirname(file))).filter((n) => !n.endsWith('.mp4')), [], 'no temp file left');

    const [sessionId] = Object.values(await sessionsFile());
    const draft = JSON.parse(emu.store.sessions.get(sessionId)?.draftJson ?? 'null') as { d: number };
    const facts = await probeVideo(file);
    assert.equal(facts.codec, 'h264');
    assert.equal(facts.width, 1920);
    assert.equal(facts.height, 1080);
    assert.ok(Math.abs(facts.durationSeconds - draft.d / 1000) <= 0.2, `${facts.durationSeconds} s vs ${draft.d} ms`);

    const api = emu.requests.filter((r) => r.origin === 'api');
    assert.ok(api.length > 5);
    for (const r of api) {
      assert.equal(r.headers['x-skill-platform'], 'cli', r.path);
      assert.equal(r.headers['x-skill-source'], 'ai-free-generator', r.path);
      assert.equal(r.headers['x-skill-version'], version, r.path);
    }
    const cdn = emu.requests.filter((r) => r.origin === 'cdn');
    assert.ok(cdn.length >= 1, 'the MP4 came from the render origin');
    for (const r of cdn) assert.equal(r.headers.authorization, undefined, r.path);
  });

  it('--json: each command prints exactly one JSON line on stdout and its other words on stderr', async () => {
    const chat = await run(['chat', DEMO_PROMPT, '--json']);
    assert.equal(chat.code, 0, chat.stderr);
    const c = onlyJsonLine(chat);
    assert.deepEqual(Object.keys(c).sort(), ['changed', 'status', 'summary', 'text']);
    assert.equal(c.status, 'done');
    assert.match(String(c.text), /Tick/);
    assert.match(chat.stderr, /Tick/, 'the streamed reply went to stderr');
    assert.match(String(c.summary), /^Timeline \(3 tracks\)/);

    const status = onlyJsonLine(await run(['status', '--json']));
    assert.equal(status.sessionId, Object.values(await sessionsFile())[0]);
    assert.equal(status.summary, c.summary);
    const tracks = status.tracks as Array<{ type: string; segments: unknown[] }>;
    assert.deepEqual(tracks.map((t) => t.type), ['video', 'audio', 'text']);

    const credits = onlyJsonLine(await run(['credits', '--json']));
    assert.deepEqual(Object.keys(credits).sort(), ['available', 'frozen', 'total']);
    assert.equal(credits.available, STARTING_CREDITS - GENERATION_COST, 'the generation spent credits');

    const clip = path.join(box.cwd, 'clip.mp4');
    await fs.writeFile(clip, Buffer.alloc(4096, 1));
    const upload = await run(['upload', clip, 'https://media.example/b-roll.png', '--json']);
    assert.equal(upload.code, 0, upload.stderr);
    const files = onlyJsonLine(upload).files as Array<{ filename: string }>;
    assert.deepEqual(files.map((f) => f.filename), ['clip.mp4', 'b-roll.png']);
    assert.equal(upload.stderr, '', 'no progress line when stderr is not a terminal');

    const exp = await run(['--json', 'chat', 'export the video']);
    assert.equal(exp.code, 0, exp.stderr);
    assert.deepEqual(Object.keys(onlyJsonLine(exp)).sort(), ['bytes', 'file', 'renderId']);
  });

  it('chat routes credits, status and upload words locally: nothing is sent to the agent', async () => {
    const credits = await run(['chat', 'how many credits do I have left']);
    assert.equal(credits.code, 0, credits.stderr);
    const status = await run(['chat', 'show tracks']);
    assert.equal(status.code, 0, status.stderr);
    // A terminal has no attachments: an upload request says how to name the files instead.
    const upload = await run(['chat', 'upload my clip']);
    assert.equal(upload.code, 1);
    assert.match(upload.stderr, /nemo upload <file\|url>/);
    assert.equal(apiRequests('/api/upload-video/').length, 0);
    assert.equal(apiRequests('/run_sse').length, 0);
    assert.equal(apiRequests('/api/credits').length, 1);
  });

  it('exit codes: 0 on success, 1 on a failed operation, 2 on a syntax error (before any request); ends as soon as its work does', async () => {
    const ok = await run(['credits']);
    assert.equal(ok.code, 0);
    // It exited on its own although the emulator keeps idle connections for 10 minutes: nothing left open.
    const nothing = await run(['export']);
    assert.equal(nothing.code, 1);
    assert.equal(nothing.stderr.trim().split('\n').length, 1, nothing.stderr);
    const before = emu.requests.length;
    for (const args of [['frobnicate'], ['generate', 'x', '--ratio', '4:3'], ['generate', 'x', '--duration', 'soon'], ['upload'], []]) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '');
    }
    assert.equal(emu.requests.length, before);
  });

  it('upload refuses a missing, empty, 501 MB or .exe file with exit 1, listing the 13 formats, sending nothing', async () => {
    const empty = path.join(box.cwd, 'empty.mp4');
    await fs.writeFile(empty, '');
    const huge = path.join(box.cwd, 'huge.mov');
    const fh = await fs.open(huge, 'w');
    await fh.truncate(501 * 1024 * 1024); // sparse: no disk space used
    await fh.close();
    const exe = path.join(box.cwd, 'setup.exe');
    await fs.writeFile(exe, 'MZ');
    for (const file of [path.join(box.cwd, 'missing.mp4'), empty, huge, exe]) {
      const r = await run(['upload', file]);
      assert.equal(r.code, 1, file);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.ok(lines[0].includes(FORMATS), `${path.basename(file)}: ${lines[0]}`);
      assert.ok(lines[0].includes(path.basename(file)), lines[0]);
    }
    assert.equal(emu.requests.length, 0, 'no request at all');
  });

  it('a lost session (1002) is said on stderr, with and without --json, and a read goes on in the new one', async () => {
    for (const json of [false, true]) {
      const first = await run(['status']);
      assert.equal(first.code, 0, first.stderr);
      const [oldId] = Object.values(await sessionsFile());
      emu.faults.add({ method: 'GET', path: /^\/api\/state\//, fault: { kind: 'envelope', code: 1002 } });
      const lost = await run(json ? ['status', '--json'] : ['status']);
      assert.equal(lost.code, 0, lost.stderr);
      assert.ok(lost.stderr.includes(`Session ${oldId} not found: the old timeline is gone; started a new session.`), lost.stderr);
      const [newId] = Object.values(await sessionsFile());
      assert.notEqual(newId, oldId);
      if (json) assert.equal(onlyJsonLine(lost).sessionId, newId);
    }
  });

  it('an edit of a lost session is not sent to the new one: exit 1, and nothing streamed', async () => {
    assert.equal((await run(['chat', DEMO_PROMPT])).code, 0);
    const [oldId] = Object.values(await sessionsFile());
    emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'envelope', code: 1002 } });
    const r = await run(['chat', 'make the title bigger']);
    assert.equal(r.code, 1);
    assert.ok(r.stderr.includes(`Session ${oldId} not found: the old timeline is gone; started a new session.`), r.stderr);
    assert.equal(apiRequests('/run_sse').length, 2, 'the edit was not resent');
  });

  it('a reply stream that breaks: said on stderr, never sent again, the timeline polled at --poll-interval and its change shown', async () => {
    // No interval heartbeats, so the reset lands exactly after the tool result that changed the draft.
    emu.setOptions({ heartbeatMs: 60_000 });
    try {
      emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'resetStream', afterEvents: eventsUntilTimelineChanges(DEMO_PROMPT) } });
      const r = await run(['chat', DEMO_PROMPT, '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(apiRequests('/run_sse').length, 1, 'the message was not sent again');
      assert.match(r.stderr, /The reply stream broke\. The message is not sent again; watching the timeline for changes instead\./);
      assert.match(r.stderr, /Changed: .*added/i);
      const out = onlyJsonLine(r);
      assert.match(String(out.summary), /^Timeline \(3 tracks\)/);
      assert.equal(out.status, 'interrupted');
      assert.match(String(out.changed), /^Changed: .*added/i, 'what the polling saw is in the result too');
      // One read before the turn, then polls: the first saw the change, five more saw nothing new.
      assert.equal(apiRequests('/api/state/').length, 1 + 1 + 5);
    } finally {
      emu.setOptions({ heartbeatMs: 200 });
    }
  });

  it('an error the agent reports inside the stream: exit 1, one line with its words, not sent again', async () => {
    emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'streamError', afterEvents: 2, message: 'model overloaded' } });
    const r = await run(['chat', DEMO_PROMPT, '--json']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '', 'no result object for a failed turn');
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.at(-1),
      'Message failed: the agent reported an error (model overloaded). It may have changed part of the timeline: check it (status) before sending the message again.');
    assert.equal(lines.at(-2), 'Nothing changed on the timeline.', 'what the failed turn changed is said first');
    assert.equal(apiRequests('/run_sse').length, 1);
  });

  it('a silent edit: no reply text, the change in the timeline is said instead', async () => {
    assert.equal((await run(['chat', DEMO_PROMPT])).code, 0);
    emu.setOptions({ silentEditShare: 1 });
    try {
      const plain = await run(['chat', 'make the title bigger']);
      assert.equal(plain.code, 0, plain.stderr);
      const lines = plain.stdout.trim().split('\n');
      assert.deepEqual(lines.length, 2, plain.stdout);
      assert.match(lines[0], /^Changed: /);
      assert.match(lines[1], /^Timeline \(3 tracks\)/);
      const json = onlyJsonLine(await run(['chat', 'remove the music', '--json']));
      assert.equal(json.text, '');
      assert.match(String(json.changed), /^Changed: .*(music|audio|BGM)/i);
      assert.match(String(json.summary), /^Timeline \(2 tracks\)/);
    } finally {
      emu.setOptions({ silentEditShare: 0 });
    }
  });

  it('streams the reply to stdout while the turn is still running', async () => {
    emu.setOptions({ turnDelayMs: 60 });
    try {
      const child = spawn(process.execPath, [CLI, ...FAST, 'chat', DEMO_PROMPT], {
        cwd: box.cwd, env: { PATH: process.env.PATH, HOME: box.root, NEMO_HOME: box.home, NEMO_API_BASE: emu.url }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      await emu.waitFor(() => stdout.includes('Sure!'), 20_000);
      const [sessionId] = Object.values(await sessionsFile());
      assert.equal(emu.store.sessions.get(sessionId)?.runningTurns, 1, 'the first sentence was shown before the turn ended');
      assert.equal(await exited, 0);
      assert.match(stdout, /Timeline \(3 tracks\)/);
    } finally {
      emu.setOptions({ turnDelayMs: 2 });
    }
  });

  it('--new-session starts a new timeline for this folder, which the next command continues; credits makes none', async () => {
    const sessionsMade = () => apiRequests('/api/tasks/me/with-session/').length;
    assert.equal((await run(['chat', DEMO_PROMPT])).code, 0);
    const [oldId] = Object.values(await sessionsFile());
    const fresh = onlyJsonLine(await run(['--new-session', 'status', '--json']));
    assert.notEqual(fresh.sessionId, oldId);
    assert.deepEqual(fresh.tracks, []);
    assert.deepEqual(Object.values(await sessionsFile()), [fresh.sessionId]);
    assert.equal(onlyJsonLine(await run(['status', '--json'])).sessionId, fresh.sessionId);
    assert.equal(sessionsMade(), 2);
    assert.equal((await run(['credits', '--new-session'])).code, 0);
    assert.equal(sessionsMade(), 2);
  });

  it('--api-base wins over NEMO_API_BASE; an unreachable base is one clear line and exit 1', async () => {
    const nowhere = `http://127.0.0.1:${await closedPort()}`;
    const ok = await nemo([...FAST, '--api-base', emu.url, 'credits', '--json'], { apiBase: nowhere, sandbox: box });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(onlyJsonLine(ok).available, STARTING_CREDITS);
    const bad = await nemo([...FAST, 'credits'], { apiBase: nowhere, sandbox: box });
    assert.equal(bad.code, 1);
    assert.deepEqual(bad.stderr.trim().split('\n'), [
      'Could not read your credits: could not reach the Nemo service. Check your internet connection and proxy settings. Run nemo credits again.',
    ]);
  });

  it('an export of a lost session is not run in the new, empty one: exit 1, no render submitted, no file', async () => {
    assert.equal((await run(['chat', DEMO_PROMPT])).code, 0);
    const [oldId] = Object.values(await sessionsFile());
    emu.faults.add({ method: 'GET', path: /^\/api\/state\//, fault: { kind: 'envelope', code: 1002 } });
    const r = await run(['export']);
    assert.equal(r.code, 1);
    assert.ok(r.stderr.includes(`Session ${oldId} not found: the old timeline is gone; started a new session.`), r.stderr);
    assert.equal(emu.requests.filter((q) => q.method === 'POST' && q.path === '/api/render/proxy/lambda').length, 0);
    assert.deepEqual(await fs.readdir(path.join(box.cwd, 'videos')).catch(() => []), []);
  });

  it('keeps the anonymous token in a 0600 file (folder 0700) and reuses it across runs', async () => {
    assert.equal((await run(['credits'])).code, 0);
    assert.equal((await run(['credits'])).code, 0);
    assert.equal(apiRequests('/api/auth/anonymous-token').length, 1);
    assert.equal((await fs.stat(path.join(box.home, 'tokens.json'))).mode & 0o777, 0o600);
    assert.equal((await fs.stat(path.join(box.home, 'client-id.json'))).mode & 0o777, 0o600);
    assert.equal((await fs.stat(box.home)).mode & 0o777, 0o700);
    const ids = new Set(apiRequests('/api/credits').map((r) => r.headers['x-client-id']));
    assert.equal(ids.size, 1, 'the same client id both times');
  });

  it('NEMO_TOKEN wins; an invalid one gives one clear line and no anonymous token', async () => {
    const { token } = emu.issueToken();
    const ok = await run(['credits'], { env: { NEMO_TOKEN: token } });
    assert.equal(ok.code, 0, ok.stderr);
    const bad = await run(['credits'], { env: { NEMO_TOKEN: 'nmv_usr_not_a_real_token' } });
    assert.equal(bad.code, 1);
    const lines = bad.stderr.trim().split('\n');
    assert.equal(lines.length, 1, bad.stderr);
    assert.match(lines[0], /NEMO_TOKEN/);
    assert.ok(!bad.stderr.includes('nmv_usr_not_a_real_token'), 'the token is never printed');
    assert.equal(apiRequests('/api/auth/anonymous-token').length, 0);
  });

  it('strips ANSI and OSC control sequences the backend sends in the reply', async () => {
    const r = await run(['chat', "make a 5-second video of a cat with the title 'A\x1b[31mB\x1b]0;pwned\x07C\x1b[0m'"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /ABC/);
    assert.ok(!/[\x1b\x07\x9b\x9d]/.test(r.stdout), JSON.stringify(r.stdout));
  });

  it('keeps the session per working directory', async () => {
    const other = path.join(box.root, 'other-project');
    await fs.mkdir(other);
    assert.equal((await run(['chat', DEMO_PROMPT])).code, 0);
    const here = onlyJsonLine(await run(['status', '--json']));
    const there = onlyJsonLine(await run(['status', '--json'], { cwd: other }));
    assert.notEqual(here.sessionId, there.sessionId);
    assert.match(String(here.summary), /3 tracks/);
    assert.equal((there.tracks as unknown[]).length, 0);
    assert.equal(onlyJsonLine(await run(['status', '--json'])).sessionId, here.sessionId, 'the first folder kept its timeline');
  });

  it('a failed render says what failed, why and what to do, and leaves no file', async () => {
    assert.equal((await run(['chat', DEMO_PROMPT])).code, 0);
    emu.faults.add({ method: 'POST', path: '/api/render/proxy/lambda', fault: { kind: 'renderFail', error: 'encoder crashed' } });
    const r = await run(['export']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), 'Export failed: render failed (encoder crashed). Run nemo export again.');
    const videos = path.join(box.cwd, 'videos');
    assert.deepEqual(await fs.readdir(videos).catch(() => []), []);
  });

  it('generate --export: the one-shot path from a prompt to an MP4, options folded into the message', async () => {
    const r = await run(['generate', 'a paper boat on a pond', '--ratio', '9:16', '--duration', '4', '--no-music', '--export', '--json', '--out', 'clips']);
    assert.equal(r.code, 0, r.stderr);
    const out = onlyJsonLine(r);
    assert.equal(path.dirname(String(out.file)), path.join(await fs.realpath(box.cwd), 'clips'));
    assert.deepEqual(Object.keys(out).sort(), ['bytes', 'changed', 'file', 'renderId', 'status', 'summary', 'text']);
    const facts = await probeVideo(String(out.file));
    assert.deepEqual([facts.width, facts.height], [1080, 1920]);
    assert.ok(Math.abs(facts.durationSeconds - 4) <= 0.2, String(facts.durationSeconds));
    assert.doesNotMatch(String(out.summary), /BGM/);
    assert.match(path.basename(String(out.file)), /paper-boat/);
  });

  it('create --prompt --export (the public CLI spelling) works too, and a second generate starts a new project', async () => {
    const a = await run(['create', '--prompt', 'a red kite', '--json']);
    assert.equal(a.code, 0, a.stderr);
    const first = Object.values(await sessionsFile())[0];
    const b = await run(['generate', 'a blue kite', '--json']);
    assert.equal(b.code, 0, b.stderr);
    assert.notEqual(Object.values(await sessionsFile())[0], first);
  });

  it('out of credits: one line with the registration link for the anonymous user, and a balance warning before that', async () => {
    emu.setOptions({ startingCredits: GENERATION_COST + 20 });
    try {
      const first = await run(['generate', 'make a video of a lighthouse']);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, /Warning: a new video costs about 100 credits\./);
      const second = await run(['generate', 'make a video of a harbour']);
      assert.equal(second.code, 1);
      const lines = second.stderr.trim().split('\n');
      assert.match(lines[lines.length - 1], /^Message failed: .*https:\/\/nemovideo\.com\/register\?bind=anon_\w+/);
    } finally {
      emu.setOptions({ startingCredits: STARTING_CREDITS });
    }
  });

  it('takes the language from LANG: a zh locale opens a zh session', async () => {
    const r = await run(['status'], { env: { LANG: 'zh_CN.UTF-8' } });
    assert.equal(r.code, 0, r.stderr);
    const [sessionId] = Object.values(await sessionsFile());
    assert.equal(emu.store.sessions.get(sessionId)?.language, 'zh');
  });

  it('Ctrl-C during an export cancels the render, leaves no file and exits 130 at once', async () => {
    assert.equal((await run(['chat', DEMO_PROMPT])).code, 0);
    emu.setOptions({ renderMs: 60_000 });
    try {
      const child = spawn(process.execPath, [CLI, ...FAST, 'export'], {
        cwd: box.cwd, env: { PATH: process.env.PATH, HOME: box.root, NEMO_HOME: box.home, NEMO_API_BASE: emu.url }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      await emu.waitFor(() => emu.renders.size === 1 && apiRequests('/api/render/proxy/lambda/').length >= 1, 10_000);
      child.kill('SIGINT');
      assert.equal(await exited, 130, stderr);
      assert.match(stderr, /Stopped\./);
      assert.equal(emu.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/cancel')).length, 1, 'the render was cancelled');
      assert.deepEqual(await fs.readdir(path.join(box.cwd, 'videos')), []);
    } finally {
      emu.setOptions({ renderMs: 400 });
    }
  });

  it('a killed export is resumed by the next one (no second render); a new turn forgets it', async () => {
    async function exportKilledMidRender(): Promise<void> {
      const polled = apiRequests('/api/render/proxy/lambda/').length;
      const child = spawn(process.execPath, [CLI, ...FAST, 'export'], {
        cwd: box.cwd, env: { PATH: process.env.PATH, HOME: box.root, NEMO_HOME: box.home, NEMO_API_BASE: emu.url }, stdio: 'ignore',
      });
      const exited = new Promise((resolve) => child.on('close', resolve));
      await emu.waitFor(() => apiRequests('/api/render/proxy/lambda/').length > polled, 10_000);
      child.kill('SIGKILL');
      await exited;
    }

    assert.equal((await run(['chat', DEMO_PROMPT])).code, 0);
    const submits = () => emu.requests.filter((r) => r.origin === 'api' && r.method === 'POST' && r.path === '/api/render/proxy/lambda');
    emu.setOptions({ renderMs: 3000 });
    try {
      await exportKilledMidRender();
      assert.equal(submits().length, 1);
      const [renderId] = emu.renders.keys();

      const resumed = await run(['export', '--json']);
      assert.equal(resumed.code, 0, resumed.stderr);
      assert.match(resumed.stderr, new RegExp(`Resuming the render ${renderId}`));
      assert.equal(onlyJsonLine(resumed).renderId, renderId);
      assert.equal(submits().length, 1, 'the same timeline was not rendered twice');

      // Done: nothing left to resume, so a new export renders again.
      assert.equal((await run(['export'])).code, 0);
      assert.equal(submits().length, 2);

      // A turn changes the timeline: a render of the old one is not resumed.
      await exportKilledMidRender();
      assert.equal(submits().length, 3);
      assert.equal((await run(['chat', 'make the title bigger'])).code, 0);
      const fresh = await run(['export', '--json']);
      assert.equal(fresh.code, 0, fresh.stderr);
      assert.doesNotMatch(fresh.stderr, /Resuming/);
      assert.equal(submits().length, 4);
    } finally {
      emu.setOptions({ renderMs: 400 });
    }
  });
});
