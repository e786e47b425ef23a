// `nemo open`: the web editor link, against the emulator over sockets. The real bundle in a child
// process (not a terminal: the link printed, no browser started), and the same run in-process with a
// terminal's stdout (the system opener started with the link). The opener is a stand-in script on
// PATH that records what it was given.
import { strict as assert } from 'node:assert';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../../../src/cli/run';
import { CLAIM_TOKEN_PATH } from '../../../src/nemo/webEditor';
import { ROOT, nemo, onlyJsonLine, useCliSandbox } from './nemoProcess';

const WEB = 'https://web.nemo.test';

function readLines(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

describe('nemo open (the web editor link)', function () {
  this.timeout(60_000);
  const world = useCliSandbox();
  let bin: string;
  let opened: string;

  beforeEach(async () => {
    // A stand-in for the system's opener: records its argument (the link) in a file.
    bin = path.join(world.box.root, 'bin');
    opened = path.join(world.box.root, 'opened.txt');
    await fs.mkdir(bin);
    await fs.writeFile(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`, { mode: 0o755 });
  });

  const env = () => ({ PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, NEMO_WEB_URL: WEB });
  const run = (args: string[], extra: NodeJS.ProcessEnv = {}) => nemo(args, { apiBase: world.emu.url, sandbox: world.box, env: { ...env(), ...extra } });
  const claimRequests = () => world.emu.requests.filter((r) => r.path === CLAIM_TOKEN_PATH).length;
  async function longLivedToken(): Promise<string> {
    const stored = JSON.parse(await fs.readFile(path.join(world.box.home, 'tokens.json'), 'utf8')) as Record<string, { token: string }>;
    const token = stored[world.emu.url]?.token ?? Object.values(stored)[0]?.token;
    assert.match(token, /^nmv_/);
    return token;
  }

  it('--json: {url, expiresIn} with the claim token for this folder\'s session; not a terminal, so no browser; the token nowhere', async () => {
    assert.equal((await run(['status'])).code, 0, 'makes the folder\'s session');
    const r = await run(['open', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = onlyJsonLine(r);
    const [claim] = world.emu.store.claims;
    assert.equal(world.emu.store.claims.length, 1);
    assert.deepEqual(out, { url: `${WEB}/workspace/claim?ct=${claim.claimToken}`, expiresIn: 600 });
    assert.equal(claim.taskId, world.emu.store.sessions.get(claim.sessionId)?.taskId, 'the session\'s task id, read from its state');
    assert.ok(!existsSync(opened), 'no browser started outside a terminal');
    const token = await longLivedToken();
    assert.ok(!r.stdout.includes(token) && !r.stderr.includes(token));
  });

  it('plain: the link on stdout and how long it works; --web-base wins over NEMO_WEB_URL', async () => {
    await run(['status']);
    const r = await run(['--web-base', 'http://127.0.0.1:9/', 'open']);
    assert.equal(r.code, 0, r.stderr);
    const ct = world.emu.store.claims[0].claimToken;
    assert.deepEqual(r.stdout.trim().split('\n'), [
      `Open the project in Nemo's web editor: http://127.0.0.1:9/workspace/claim?ct=${ct}`,
      'The link works for 10 minutes.',
    ]);
    assert.ok(!existsSync(opened));
  });

  it('a folder with no project: exit 1, one line saying what to do, and no session made nor claim asked', async () => {
    const r = await run(['open']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), 'Could not open the project in Nemo\'s web editor: this folder has no Nemo project yet. Make a video first (nemo generate "…").');
    assert.equal(world.emu.store.sessions.size, 0);
    assert.equal(claimRequests(), 0);
  });

  it('a lost session: the shared session-lost words, exit 1', async () => {
    await run(['status']);
    world.emu.store.sessions.clear();
    const r = await run(['open']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Could not open the project in Nemo's web editor: the session was not found, so its timeline is gone\./);
    assert.equal(world.emu.store.claims.length, 0);
  });

  it('a bad NEMO_WEB_URL is a syntax error for open (never echoed), and does not stop other commands', async () => {
    const bad = await run(['open'], { NEMO_WEB_URL: 'https://me:hunter2@web.nemo.test' });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--web-base \/ NEMO_WEB_URL: The Nemo web editor address must not contain credentials/);
    assert.doesNotMatch(bad.stderr, /hunter2/);
    assert.equal(claimRequests(), 0);
    assert.equal((await run(['credits'], { NEMO_WEB_URL: 'http://web.nemo.test' })).code, 0);
  });

  it('on a terminal: the link is printed and handed to the system opener; --no-browser only prints it', async () => {
    await run(['status']);
    const runOnTerminal = async (extra: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli({
        argv: ['--api-base', world.emu.url, '--web-base', WEB, 'open', ...extra],
        env: { ...env(), NEMO_HOME: world.box.home, LANG: 'en_US.UTF-8' },
        cwd: world.box.cwd,
        stdout: { write: (s: string) => ((stdout += s), true), isTTY: true },
        stderr: { write: (s: string) => ((stderr += s), true), isTTY: true },
        stdio: { stdin: process.stdin, stdout: new Writable({ write: (_c, _e, cb) => cb() }) },
        l10nDir: path.join(ROOT, 'l10n'),
        signal: new AbortController().signal,
      });
      return { code, stdout, stderr };
    };
    const plain = await runOnTerminal([]);
    assert.equal(plain.code, 0, plain.stderr);
    const url = `${WEB}/workspace/claim?ct=${world.emu.store.claims[0].claimToken}`;
    assert.ok(plain.stdout.includes(url));
    await world.emu.waitFor(() => existsSync(opened), 10_000);
    assert.equal(await fs.readFile(opened, 'utf8'), `${url}\n`);
    assert.ok(!url.includes(await longLivedToken()));

    const quiet = await runOnTerminal(['--no-browser']);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.ok(quiet.stdout.includes(world.emu.store.claims[1].claimToken));
    // A third run with the browser: once its link arrives, the opener's record holds exactly the
    // first and the third links, so the --no-browser run started nothing.
    assert.equal((await runOnTerminal([])).code, 0);
    await world.emu.waitFor(() => existsSync(opened) && readLines(opened).length === 2, 10_000);
    assert.deepEqual(readLines(opened), [url, `${WEB}/workspace/claim?ct=${world.emu.store.claims[2].claimToken}`]);
  });
});
