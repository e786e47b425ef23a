// `nemo doctor`: the real bundle in a child process against the emulator, in each state a newcomer
// can be in. Exit 0 only when all is well; 1 with the problem and what to do otherwise; the token's
// value never printed.
import { strict as assert } from 'node:assert';
import { path as ffmpegPath } from '@ffmpeg-installer/ffmpeg';
import { closedPort } from '../../support/ports';
import { nemo, onlyJsonLine, useCliSandbox, type NemoRun } from './nemoProcess';

describe('nemo doctor (child process against the emulator)', function () {
  this.timeout(60_000);
  const world = useCliSandbox();

  /** ffmpeg where NEMO_FFMPEG says, unless the test takes it away. */
  const doctor = (args: string[] = [], env: NodeJS.ProcessEnv = {}, apiBase = world.emu.url): Promise<NemoRun> =>
    nemo(['doctor', ...args], { apiBase, sandbox: world.box, env: { NEMO_FFMPEG: ffmpegPath, ...env } });

  it('all well: exit 0, one line per check in words, and a free token was made and kept for the next command', async () => {
    const r = await doctor();
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`✓ API base: ${world.emu.url.replace(/[.]/g, '\\.')} \\(from NEMO_API_BASE\\)`));
    assert.match(r.stdout, /✓ Proxy: none; the API is reached directly\./);
    assert.match(r.stdout, /✓ Service: .* answers\./);
    assert.match(r.stdout, /✓ Token: a free anonymous token \(user anon_\w+\)\./);
    assert.match(r.stdout, /✓ Balance: 100 credits left\./);
    assert.match(r.stdout, /✓ ffmpeg for local export: .*ffmpeg \(version \S+\)\./);
    assert.match(r.stdout, /All is well: Nemo is ready\.\n$/);
    assert.equal(world.emu.requests.filter((q) => q.path === '/api/auth/anonymous-token').length, 1);
    assert.equal(world.emu.requests.filter((q) => q.path === '/run_sse' || q.path.startsWith('/api/render')).length, 0, 'nothing that spends credits or renders');

    const again = await doctor();
    assert.equal(again.code, 0);
    assert.equal(world.emu.requests.filter((q) => q.path === '/api/auth/anonymous-token').length, 1, 'the stored token is used, no new one asked for');
  });

  it('--json: one object with ok, problems and every check', async () => {
    const r = await doctor(['--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = onlyJsonLine(r);
    assert.equal(out.ok, true);
    assert.equal(out.problems, 0);
    assert.deepEqual((out.checks as { id: string; state: string }[]).map((c) => `${c.id}:${c.state}`), ['api:ok', 'proxy:ok', 'service:ok', 'token:ok', 'credits:ok', 'ffmpeg:ok']);
  });

  it('no service at the API base: exit 1, says nothing answers there and to check the connection and proxy', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const r = await doctor(['--api-base', url], {}, url);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`✓ API base: ${url.replace(/[.]/g, '\\.')} \\(from --api-base\\)`));
    assert.match(r.stdout, /✗ Service: no answer from .*\n {2}→ .*Check your internet connection and proxy settings/);
    assert.match(r.stdout, /· Balance: not checked/);
    assert.match(r.stdout, /1 thing needs fixing\.\n$/);
  });

  it('a bad NEMO_TOKEN: exit 1, the token is the problem, its value is never printed', async () => {
    const secret = 'nmv_usr_revoked_0123456789';
    const r = await doctor([], { NEMO_TOKEN: secret });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ Service: .* answers\./);
    assert.match(r.stdout, /✗ Token: NEMO_TOKEN from the environment\.\n {2}→ .*Set a valid token in NEMO_TOKEN/);
    assert.ok(!(r.stdout + r.stderr).includes(secret));
    assert.ok(!(r.stdout + r.stderr).includes('0123456789'));
  });

  it('429 on the anonymous token (no new free token): exit 1, and the fix is a personal token in NEMO_TOKEN', async () => {
    world.emu.faults.add({ method: 'POST', path: '/api/auth/anonymous-token', times: 5, fault: { kind: 'status', status: 429, retryAfter: 0 } });
    const r = await doctor();
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /✗ Token: a free anonymous token\.\n {2}→ .*Set NEMO_TOKEN to a personal token/);
    assert.match(r.stdout, /· Balance: not checked/);
  });

  it('no ffmpeg (none on PATH, NEMO_FFMPEG unset): exit 1, for local export only, with the install command', async () => {
    const r = await doctor([], { NEMO_FFMPEG: '', PATH: '' });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ Balance: 100 credits left\./, 'the rest is fine');
    assert.match(r.stdout, /✗ ffmpeg for local export: not usable.*\n {2}→ .*Install it with: /);
    assert.match(r.stdout, /1 thing needs fixing\.\n$/);
  });
});
