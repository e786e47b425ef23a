// "Nemo: Check Connection" on the stand-in editor with the real client against the emulator: the
// same checks as `nemo doctor` (tested in depth in test/unit/chat/doctor.test.ts), shown in a dialog
// and the log, in each failure state, with the button for the first fix.
import { useWorld, stub, type World } from './harness';
import * as assert from 'node:assert/strict';
import { path as ffmpegPath } from '@ffmpeg-installer/ffmpeg';
import { checkConnection } from '../../../src/extension/client/checkConnection';
import { closedPort } from '../../support/ports';

describe('extension: Nemo: Check Connection', function () {
  this.timeout(60_000);
  let world: World;
  useWorld({ startingCredits: 1000 }, (made) => {
    world = made;
    stub.setConfig('nemo.ffmpegPath', ffmpegPath); // a fresh world clears every setting
  });

  const dialog = () => {
    const m = stub.ui.messages.at(-1);
    assert.ok(m?.modal, 'a dialog');
    return m;
  };

  it('all well: a dialog with every check in words, the same lines in the log, and nothing that spends credits', async () => {
    const w = world.open();
    const report = await checkConnection(w.services, {});
    assert.equal(report?.problems, 0);
    const m = dialog();
    assert.equal(m.level, 'info');
    assert.equal(m.message, 'All is well: Nemo is ready.');
    assert.match(m.detail ?? '', /✓ API base: http:\/\/127\.0\.0\.1:\d+ \(from the nemo\.apiBaseUrl setting\)/);
    assert.match(m.detail ?? '', /✓ Token: a free anonymous token \(user anon_/);
    assert.match(m.detail ?? '', /✓ Balance: 1000 credits left\./);
    assert.match(m.detail ?? '', /✓ ffmpeg for local export: .*ffmpeg \(version/);
    assert.ok(w.channel.lines.some((l) => l.includes('All is well: Nemo is ready.')));
    assert.equal(world.emu.requests.filter((r) => r.path === '/run_sse' || r.path.startsWith('/api/render')).length, 0);
  });

  it('no service at the API base: a warning naming the base, with Open Settings', async () => {
    stub.setConfig('nemo.apiBaseUrl', `http://127.0.0.1:${await closedPort()}`);
    const w = world.open();
    stub.ui.answer('Open Settings');
    const report = await checkConnection(w.services, {});
    assert.equal(report?.problems, 1);
    const m = dialog();
    assert.equal(m.level, 'warning');
    assert.match(m.detail ?? '', /✗ Service: no answer from/);
    assert.deepEqual(m.items, ['Open Settings']);
    assert.deepEqual(stub.ui.executed.at(-1), { command: 'workbench.action.openSettings', args: ['nemo.apiBaseUrl'] });
  });

  it('a refused personal token: the token is the problem, its value nowhere, and the button runs Set Token…', async () => {
    const w = world.open();
    const secret = 'nmv_usr_stale_personal_token';
    await w.services.clients.personalTokens.set(w.services.clients.baseUrl(), secret);
    w.services.clients.invalidate();
    stub.ui.answer('Set Token…');
    await checkConnection(w.services, {});
    const m = dialog();
    assert.match(m.detail ?? '', /✗ Token: your personal token/);
    assert.match(m.detail ?? '', /Nemo: Set Token…/);
    assert.ok(!JSON.stringify(stub.ui.messages).includes(secret) && !w.channel.lines.join('\n').includes(secret));
    assert.equal(stub.ui.executed.at(-1)?.command, 'nemo.setToken');
  });

  it('429 on the anonymous token: no new free token, and the fix is a personal token through Set Token…', async () => {
    world.storage.secrets.clear();
    world.emu.faults.add({ method: 'POST', path: '/api/auth/anonymous-token', times: 5, fault: { kind: 'status', status: 429, retryAfter: 0 } });
    const w = world.open();
    await checkConnection(w.services, {});
    const m = dialog();
    assert.match(m.detail ?? '', /✗ Token: a free anonymous token\.\n {2}→ .*Run "Nemo: Set Token…" with a personal token/);
    assert.deepEqual(m.items, ['Set Token…']);
  });

  it('no ffmpeg (nemo.ffmpegPath points at nothing usable): a problem for local export, with Open Settings on nemo.ffmpegPath', async () => {
    stub.setConfig('nemo.ffmpegPath', '/nonexistent/ffmpeg');
    const w = world.open();
    stub.ui.answer('Open Settings');
    await checkConnection(w.services, {});
    const m = dialog();
    assert.match(m.detail ?? '', /✗ ffmpeg for local export: not usable.*\n {2}→ nemo\.ffmpegPath is set to "\/nonexistent\/ffmpeg"/);
    assert.deepEqual(stub.ui.executed.at(-1), { command: 'workbench.action.openSettings', args: ['nemo.ffmpegPath'] });
  });
});
