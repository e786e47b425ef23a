// Which token the extension sends, and where: NEMO_TOKEN first, tokens kept per API base (so
// changing nemo.apiBaseUrl never carries a token to the new host), the client id in globalState.
import { useWorld, stub, type World } from './harness';
import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from '../../emulator';

describe('extension: tokens and where they go', function () {
  this.timeout(30_000);
  let world: World;
  let other: Emulator | undefined;
  useWorld({ startingCredits: 1000 }, (made) => (world = made));
  afterEach(async () => {
    await other?.close();
    other = undefined;
  });

  const bearer = (emu: Emulator) => new Set(emu.requests.map((r) => r.headers.authorization).filter(Boolean));

  it('NEMO_TOKEN wins over a stored personal token and never reaches the log', async () => {
    const fromEnv = world.emu.issueToken().token;
    world.storage.secrets.set(`nemo.personalToken:${world.emu.url}`, world.emu.issueToken().token);
    const w = world.open({ NEMO_TOKEN: fromEnv });
    await (await w.services.clients.get()).getCredits();
    assert.deepEqual([...bearer(world.emu)], [`Bearer ${fromEnv}`]);
    assert.equal(w.services.clients.source(), 'env');
    assert.ok(!world.emu.requests.some((r) => r.path.includes('/api/auth')), 'no anonymous token was asked for');
    assert.ok(!w.channel.lines.join('\n').includes(fromEnv));
  });

  it('keeps tokens per API base: after nemo.apiBaseUrl changes, the old base\'s tokens are never sent to the new one', async () => {
    const personal = world.emu.issueToken().token;
    world.storage.secrets.set(`nemo.personalToken:${world.emu.url}`, personal);
    const w = world.open();
    await (await w.services.clients.get()).getCredits();
    assert.deepEqual([...bearer(world.emu)], [`Bearer ${personal}`]);

    other = await startEmulator({ startingCredits: 500 });
    stub.setConfig('nemo.apiBaseUrl', other.url);
    const credits = await (await w.services.clients.get()).getCredits();
    assert.equal(credits.available, 500, 'the new base answered');
    assert.equal(w.services.clients.source(), 'anonymous', 'the personal token belongs to the other base');
    const sentToOther = [...bearer(other)];
    assert.equal(sentToOther.length, 1);
    assert.ok(!sentToOther[0].includes(personal));
    const anonymous = JSON.parse(world.storage.secrets.get(`nemo.anonymousToken:${other.url}`)!).token as string;
    assert.equal(sentToOther[0], `Bearer ${anonymous}`);
    assert.equal(world.storage.secrets.has(`nemo.anonymousToken:${world.emu.url}`), false, 'no token stored under the first base');
  });

  it('keeps the client id (not secret) in globalState and no token outside SecretStorage', async () => {
    const w = world.open();
    await (await w.services.clients.get()).getCredits();
    const clientId = world.storage.globalState.get('nemo.clientId');
    assert.equal(typeof clientId, 'string');
    assert.ok(world.emu.requests.every((r) => r.headers['x-client-id'] === clientId), 'every request carries it');
    const token = JSON.parse(world.storage.secrets.get(`nemo.anonymousToken:${world.emu.url}`)!).token as string;
    const outside = JSON.stringify([[...world.storage.globalState], [...world.storage.workspaceState], stub.configValues]);
    assert.ok(!outside.includes(token), 'not in globalState, workspaceState or settings');
    assert.ok(world.emu.requests.every((r) => !r.path.includes(token)), 'not in a URL');
  });
});
