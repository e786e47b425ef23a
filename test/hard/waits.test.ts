// Defect 9: silent waits. A 429 with Retry-After: 60 waited 60 s with nothing said, without the
// header 30 s, and an absurd value 120 s. Every wait over a second is now told (what is waited out,
// how long) and can be cancelled without anything being sent again; a Retry-After over a minute is
// not waited for at all, and the failure says how long the service asked for. No case really waits:
// the client's sleep is a recording one, and the CLI case stops the wait as soon as it is said.
import { strict as assert } from 'node:assert';
import { retryWaitWords, toUserMessage } from '../../src/chat';
import type { RetryWait } from '../../src/nemo';
import type { Emulator } from '../emulator';
import { nemoFailure } from '../support/assertions';
import { makeClient } from '../support/client';
import { MemoryIdStore } from '../support/stores';
import { hard } from './ledger';
import { cliWorld, emulatorWorld, nemoSignalled } from './world';

const GENERATE = 'make a 5-second video of a lighthouse';
const calls = (emu: Emulator, path: string) => emu.requests.filter((r) => r.origin === 'api' && r.path.startsWith(path)).length;

describe('hard: waits are told and can be cancelled (client)', function () {
  this.timeout(60_000);
  const world = emulatorWorld();

  hard('waits', 'a 429 to a message without Retry-After: the 30 s wait is told before it starts, then the message is sent once more', async () => {
    const waits: RetryWait[] = [];
    const c = makeClient(world.emu, { onWait: (w) => waits.push(w) });
    world.emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'status', status: 429 } });
    const outcome = await c.runTurn(c.sessionKeeper(new MemoryIdStore()), GENERATE);
    assert.ok(outcome.changes.length > 0);
    assert.deepEqual(waits.map((w) => [w.kind, w.status, w.delayMs]), [['rate-limited', 429, 30_000]]);
    assert.deepEqual(c.kit.sleeper.delays.filter((d) => d > 1000), [30_000]);
    assert.equal(retryWaitWords(waits[0] as RetryWait), 'Nemo is receiving too many requests: trying again in 30 s.');
    assert.equal(calls(world.emu, '/run_sse'), 2, 'the refused message, then the one that ran');
  });

  hard('waits', 'a told wait cancelled: nothing is sent again and the failure is the 429 it waited out', async () => {
    const c = makeClient(world.emu, { onWait: (w) => w.cancel() });
    await c.getCredits();
    world.emu.faults.add({ method: 'GET', path: /^\/api\/credits\//, fault: { kind: 'status', status: 429, retryAfter: 60 } });
    const before = calls(world.emu, '/api/credits/');
    const err = await nemoFailure(c.getCredits());
    assert.equal(err.kind, 'rate-limited');
    assert.equal(calls(world.emu, '/api/credits/') - before, 1, 'not sent again after the cancel');
    assert.match(toUserMessage(err), /Wait 60 seconds/);
  });

  hard('waits', 'an absurd Retry-After (a day) is not waited for: the failure says how long was asked', async () => {
    const waits: RetryWait[] = [];
    const c = makeClient(world.emu, { onWait: (w) => waits.push(w) });
    await c.getCredits();
    world.emu.faults.add({ method: 'GET', path: /^\/api\/credits\//, fault: { kind: 'status', status: 429, retryAfter: 86_400 } });
    const slept = c.kit.sleeper.delays.length;
    const err = await nemoFailure(c.getCredits());
    assert.equal(err.kind, 'rate-limited');
    assert.deepEqual(c.kit.sleeper.delays.slice(slept), [], 'no wait at all');
    assert.deepEqual(waits, []);
    assert.match(toUserMessage(err), /asks to wait about 1440 minutes/);
  });
});

describe('hard: waits are told and can be stopped (CLI)', function () {
  this.timeout(60_000);
  const w = cliWorld();

  hard('waits', 'nemo credits answered 429 Retry-After: 60 says it waits 60 s; Ctrl-C then stops it at once, nothing resent', async () => {
    assert.equal((await w.run(['credits'])).code, 0);
    const before = w.apiCalls('/api/credits/');
    w.emu.faults.add({ method: 'GET', path: /^\/api\/credits\//, fault: { kind: 'status', status: 429, retryAfter: 60 } });
    const r = await nemoSignalled(w, ['credits'], /trying again in 60 s/, 'SIGINT');
    assert.ok(r.signalled, 'the wait was said');
    assert.match(r.stderr, /too many requests: trying again in 60 s\. Press Ctrl-C to stop\./);
    assert.equal(r.code, 130, r.stderr);
    assert.equal(w.apiCalls('/api/credits/') - before, 1);
  });
});
