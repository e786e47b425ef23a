// Defect 5: turns that invited paying twice. A stream that closed after only keep-alives said "No
// changes" while the edit landed a second later; a 5xx answer to run_sse said "run nemo chat again"
// without looking; Ctrl-C said "Stopped." while the edit still landed and was charged. Each now reads
// the state first and says what happened, or that the turn may still run and how to check.
import { strict as assert } from 'node:assert';
import { readTurn, toUserMessage } from '../../src/chat';
import { defaultSleep } from '../../src/nemo/transport';
import { startEmulator, type Emulator } from '../emulator';
import { nemoFailure } from '../support/assertions';
import { makeClient } from '../support/client';
import { MemoryIdStore } from '../support/stores';
import { hard } from './ledger';
import { cliWorld, nemoSignalled } from './world';

const GENERATE = 'make a 5-second video of a lighthouse';
const runSse = (emu: Emulator) => emu.requests.filter((r) => r.path === '/run_sse').length;

describe('hard: a turn that may have run is looked at, never resent', function () {
  this.timeout(60_000);
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator({ turnDelayMs: 1, heartbeatMs: 50, startingCredits: 1000 });
  });
  after(async () => emu.close());
  beforeEach(() => emu.reset());

  async function clientWithTimeline(pollIntervalMs = 20) {
    const c = makeClient(emu, { pollIntervalMs, ...(pollIntervalMs > 20 ? { sleep: defaultSleep } : {}) });
    const keeper = c.sessionKeeper(new MemoryIdStore());
    await c.runTurn(keeper, GENERATE);
    return { c, keeper };
  }

  hard('uncertain-turn', 'a stream of only keep-alives is polled: the edit that lands after it is reported', async () => {
    // The agent keeps working after the stream closed and commits a few hundred ms later.
    const { c, keeper } = await clientWithTimeline(300);
    emu.setOptions({ turnDelayMs: 20 });
    emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'silentStream', ms: 100, then: 'close' } });
    const outcome = await c.runTurn(keeper, 'make it 15 seconds');
    assert.equal(outcome.broken?.details.interruption, 'no-answer');
    assert.ok(outcome.changes.length > 0, 'the late edit was found by polling');
    const reading = readTurn(outcome);
    assert.equal(reading.status, 'interrupted');
    assert.doesNotMatch(reading.closing.join(' '), /Nothing changed/);
  });

  hard('uncertain-turn', 'a 502 answer to run_sse is polled and worded as "may still be running", never resent', async () => {
    const { c, keeper } = await clientWithTimeline();
    const sent = runSse(emu);
    emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'status', status: 502, body: 'html' } });
    const outcome = await c.runTurn(keeper, 'make the title bigger');
    assert.equal(runSse(emu), sent + 1);
    assert.equal(outcome.broken?.details.interruption, 'server-error');
    const words = readTurn(outcome).closing.join(' ');
    assert.match(words, /server error \(HTTP 502\)/);
    assert.match(words, /may still be running/);
    assert.doesNotMatch(words, /try again|run .* again/i);
  });

  hard('uncertain-turn', 'stopping a sent turn reads the state once and says it may still change the timeline', async () => {
    const { c, keeper } = await clientWithTimeline();
    emu.setOptions({ turnDelayMs: 20 });
    const stop = new AbortController();
    const err = await nemoFailure(c.runTurn(keeper, 'make the title bigger', {
      signal: stop.signal,
      onEvent: (e) => { if (e.type === 'text') stop.abort(); },
    }));
    assert.equal(err.kind, 'aborted');
    assert.equal(err.details.mayHaveRun, true);
    const words = toUserMessage(err);
    assert.match(words, /already sent/);
    assert.match(words, /before sending it again/);
  });
});

describe('hard: the CLI after a turn that may have run', function () {
  this.timeout(60_000);
  const w = cliWorld({ turnDelayMs: 20 });

  hard('uncertain-turn', 'nemo chat answered 503 says it may still be running and exits without "run nemo chat again"', async () => {
    assert.equal((await w.run(['chat', GENERATE])).code, 0);
    w.emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'status', status: 503 } });
    const r = await w.run(['chat', 'make the title bigger']);
    assert.doesNotMatch(r.stderr, /run nemo chat again/i);
    assert.match(r.stderr, /HTTP 503/);
    assert.match(r.stdout + r.stderr, /may still be running/);
    assert.equal(w.apiCalls('/run_sse'), 2);
  });

  hard('uncertain-turn', 'Ctrl-C during a turn: exit 130, "already sent", how to check; not a bare "Stopped."', async () => {
    const r = await nemoSignalled(w, ['chat', GENERATE], /\w/, 'SIGINT');
    assert.ok(r.signalled);
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /already sent/);
    assert.match(r.stderr, /status/);
    assert.doesNotMatch(r.stderr, /^Stopped\.$/m);
  });
});
