import { strict as assert } from 'node:assert';
import { parseCommandLine } from '../../../src/cli/commandLine';
import { DEFAULT_STREAM_TIMING } from '../../../src/nemo/streamTiming';

function parse(...argv: string[]) {
  const io = { stdout: { text: '', write(s: string) { this.text += s; return true; } }, stderr: { text: '', write(s: string) { this.text += s; return true; } } };
  return { outcome: parseCommandLine(argv, io), stdout: io.stdout.text, stderr: io.stderr.text };
}

describe('cli command line', () => {
  it('parses generate with every option, global options after the command', () => {
    const { outcome } = parse('generate', 'a', 'smartwatch', '--ratio', '9:16', '--duration', '7.5', '--no-music', '--export', '--json', '--poll-interval', '0.25');
    assert.deepEqual(outcome, {
      kind: 'run',
      command: { name: 'generate', prompt: 'a smartwatch', options: { ratio: '9:16', durationSeconds: 7.5, music: false, export: true } },
      global: { apiBase: 'https://mega-api-prod.nemovideo.ai', apiBaseSource: 'default', webBase: 'https://nemovideo.com', outDir: './videos', pollIntervalMs: 250, newSession: false, json: true, autoAnswer: false,
        streamTiming: { ...DEFAULT_STREAM_TIMING } },
    });
  });

  it('parses open: the browser unless --no-browser; --web-base normalized, checked only for open', () => {
    const plain = parse('open').outcome;
    assert.ok(plain.kind === 'run' && plain.command.name === 'open' && plain.command.browser);
    const quiet = parse('--web-base', 'https://web.example.com/', 'open', '--no-browser').outcome;
    assert.ok(quiet.kind === 'run' && quiet.command.name === 'open' && !quiet.command.browser && quiet.global.webBase === 'https://web.example.com');
    const bad = parse('--web-base', 'http://web.example.com', 'open');
    assert.deepEqual(bad.outcome, { kind: 'exit', code: 2 });
    assert.match(bad.stderr, /--web-base \/ NEMO_WEB_URL: The Nemo web editor address must use https/);
    assert.equal(parse('--web-base', 'http://web.example.com', 'credits').outcome.kind, 'run');
  });

  it('--stream-silence / --stream-max (or NEMO_STREAM_SILENCE_SECONDS / NEMO_STREAM_MAX_SECONDS) set the one StreamTiming; bad values are exit 2 in words', () => {
    const timing = (...argv: string[]) => {
      const o = parse(...argv, 'status').outcome;
      return o.kind === 'run' ? o.global.streamTiming : undefined;
    };
    assert.deepEqual(timing('--stream-silence', '90', '--stream-max', '120'), { heartbeatOnlyMs: 90_000, socketIdleMs: 90_000, maxTurnMs: 120_000 });
    assert.deepEqual(timing('--stream-max', '300'), { heartbeatOnlyMs: 300_000, socketIdleMs: 300_000, maxTurnMs: 300_000 }, 'an unset silence limit fits under the cap');
    const saved = { ...process.env };
    try {
      process.env.NEMO_STREAM_SILENCE_SECONDS = '2.5';
      assert.deepEqual(timing(), { heartbeatOnlyMs: 2500, socketIdleMs: 2500, maxTurnMs: 900_000 });
      assert.equal(timing('--stream-silence', '30')?.heartbeatOnlyMs, 30_000, 'the flag wins over the variable');
    } finally {
      delete process.env.NEMO_STREAM_SILENCE_SECONDS;
      Object.assign(process.env, saved);
    }
    for (const [argv, words] of [
      [['--stream-silence', '0'], /--stream-silence \/ NEMO_STREAM_SILENCE_SECONDS must be a number of seconds from 1 to 86400\./],
      [['--stream-max', 'ten'], /--stream-max \/ NEMO_STREAM_MAX_SECONDS must be a number of seconds from 1 to 86400\./],
      [['--stream-silence', '700', '--stream-max', '600'], /--stream-silence \/ NEMO_STREAM_SILENCE_SECONDS \(700 s\) cannot be longer than --stream-max \/ NEMO_STREAM_MAX_SECONDS \(600 s\)/],
    ] as const) {
      const { outcome, stderr } = parse(...argv, 'status');
      assert.deepEqual(outcome, { kind: 'exit', code: 2 }, argv.join(' '));
      assert.match(stderr, words);
    }
  });

  it('accepts the public CLI spelling create --prompt … --export', () => {
    const { outcome } = parse('create', '--prompt', 'a cat', '--export', '--music');
    assert.equal(outcome.kind, 'run');
    if (outcome.kind === 'run') assert.deepEqual(outcome.command, { name: 'generate', prompt: 'a cat', options: { ratio: undefined, durationSeconds: undefined, music: true, export: true } });
  });

  it('parses doctor, and says where the API base came from', () => {
    const o = parse('--api-base', 'https://api.example.com', 'doctor').outcome;
    assert.ok(o.kind === 'run' && o.command.name === 'doctor');
    assert.ok(o.kind === 'run' && o.global.apiBase === 'https://api.example.com' && o.global.apiBaseSource === 'flag');
  });

  it('parses chat, upload, export, credits and status', () => {
    const chat = parse('--new-session', '--out', 'out', 'chat', 'make', 'it', 'blue').outcome;
    assert.ok(chat.kind === 'run' && chat.command.name === 'chat' && chat.command.message === 'make it blue' && chat.global.newSession && chat.global.outDir === 'out');
    const up = parse('upload', 'a.mp4', 'https://x.example/b.png').outcome;
    assert.ok(up.kind === 'run' && up.command.name === 'upload');
    if (up.kind === 'run' && up.command.name === 'upload') assert.deepEqual(up.command.inputs, ['a.mp4', 'https://x.example/b.png']);
    for (const name of ['export', 'credits', 'status']) {
      const o = parse(name).outcome;
      assert.ok(o.kind === 'run' && o.command.name === name);
    }
  });

  it('exits 2 with a message on stderr for syntax errors, 0 for help and version', () => {
    for (const argv of [[], ['bogus'], ['upload'], ['generate', 'x', '--ratio', '4:3'], ['generate', 'x', '--duration', '0'],
      ['generate', 'x', '--duration', 'ten'], ['--poll-interval', '-1', 'export'], ['--api-base', 'http://evil.example', 'credits'], ['create'], ['export', '--nope']]) {
      const { outcome, stderr, stdout } = parse(...argv);
      assert.deepEqual(outcome, { kind: 'exit', code: 2 }, argv.join(' '));
      assert.notEqual(stderr, '', argv.join(' '));
      assert.equal(stdout, '', argv.join(' '));
    }
    const help = parse('--help');
    assert.deepEqual(help.outcome, { kind: 'exit', code: 0 });
    assert.match(help.stdout, /generate/);
    const version = parse('--version');
    assert.deepEqual(version.outcome, { kind: 'exit', code: 0 });
    assert.match(version.stdout, /^\d+\.\d+\.\d+/);
  });

  it('allows plain http only for this machine and normalizes the base', () => {
    const base = (url: string) => {
      const { outcome } = parse('--api-base', url, 'credits');
      return outcome.kind === 'run' ? outcome.global.apiBase : outcome;
    };
    assert.equal(base('https://api.example/v1/'), 'https://api.example/v1');
    assert.equal(base('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
    assert.equal(base('http://localhost:1/'), 'http://localhost:1');
    for (const bad of ['http://api.example', 'https://user:pw@api.example', 'ftp://api.example', 'not a url']) {
      assert.deepEqual(base(bad), { kind: 'exit', code: 2 }, bad);
    }
  });
});
