// Defect 1: any HTTP 400 replaced the saved client id, so the next token belonged to a new anonymous
// user and the timeline was gone. Only a 400 that says the client id is missing may make a new one;
// a blank message is refused before any request.
import { strict as assert } from 'node:assert';
import { startEmulator, type Emulator } from '../emulator';
import { makeClient } from '../support/client';
import { nemoFailure } from '../support/assertions';
import { MemoryIdStore } from '../support/stores';
import { hard } from './ledger';
import { cliWorld } from './world';

describe('hard: the client id survives every 400 that is not about it', function () {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ turnDelayMs: 1 });
  });
  after(async () => emu.close());
  beforeEach(() => emu.reset());

  for (const message of ['file name has a control character', 'new_message.parts[].text is required', '']) {
    hard('client-id', `a 400 saying "${message || '(nothing)'}" keeps the client id and is not resent`, async () => {
      const c = makeClient(emu);
      await c.getCredits();
      const id = c.kit.clientIds.id;
      emu.faults.add({ method: 'POST', path: '/api/tasks/me/with-session/nemo_agent', fault: { kind: 'envelope', code: 400, status: 400, message } });
      const err = await nemoFailure(c.createSession());
      assert.equal(err.kind, 'http');
      assert.equal(c.kit.clientIds.id, id);
      assert.equal(emu.requests.filter((r) => r.path === '/api/tasks/me/with-session/nemo_agent').length, 1);
    });
  }

  hard('client-id', 'a 400 that says the client id is missing still makes one and retries once', async () => {
    const c = makeClient(emu);
    await c.getCredits();
    const id = c.kit.clientIds.id;
    emu.faults.add({ method: 'POST', path: '/api/tasks/me/with-session/nemo_agent', fault: { kind: 'envelope', code: 400, status: 400, message: 'missing X-Client-Id' } });
    await c.createSession();
    assert.notEqual(c.kit.clientIds.id, id);
  });

  for (const blank of ['', ' ', '\n\t ']) {
    hard('client-id', `a blank message (${JSON.stringify(blank)}) is refused before any request`, async () => {
      const c = makeClient(emu);
      const err = await nemoFailure(c.runTurn(c.sessionKeeper(new MemoryIdStore()), blank));
      assert.equal(err.kind, 'invalid-input');
      assert.equal(err.didNothing, true);
      assert.equal(emu.requests.length, 0);
      assert.equal(c.kit.clientIds.id, undefined);
    });
  }
});

describe('hard: nemo keeps its client id (CLI)', function () {
  this.timeout(60_000);
  const w = cliWorld();

  hard('client-id', 'nemo chat " " says the message is empty and sends nothing', async () => {
    const r = await w.run(['chat', ' ']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /message is empty/);
    assert.equal(w.emu.requests.length, 0);
  });

  hard('client-id', 'a 400 answer to a turn leaves client-id.json and tokens.json as they were', async () => {
    assert.equal((await w.run(['credits'])).code, 0);
    const clientId = await w.homeJson('client-id.json');
    const tokens = await w.homeJson('tokens.json');
    w.emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'envelope', code: 400, status: 400, message: 'invalid character in name' } });
    const r = await w.run(['chat', 'make the title bigger']);
    assert.equal(r.code, 1);
    assert.deepEqual(await w.homeJson('client-id.json'), clientId);
    assert.deepEqual(await w.homeJson('tokens.json'), tokens);
    assert.equal((await w.run(['credits'])).code, 0);
    assert.deepEqual(await w.homeJson('tokens.json'), tokens, 'the same token still works: no new anonymous user');
  });
});
