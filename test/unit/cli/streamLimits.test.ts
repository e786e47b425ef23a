// The reply stream's limits set for the `nemo` command (issue 10 point 4: "configurable"): the real
// bundle in a child process against the emulator. NEMO_STREAM_SILENCE_SECONDS (or --stream-silence)
// makes a turn of heartbeats alone time out after that long: said, never resent, what changed read
// from the timeline; a bad value is exit 2 in words before anything is sent.
import { strict as assert } from 'node:assert';
import { nemo, useCliSandbox, type NemoRun } from './nemoProcess';

const PROMPT = 'make a 2-second video of a lighthouse';

describe('nemo CLI: configured stream limits', function () {
  this.timeout(120_000);
  const world = useCliSandbox({ renderMs: 200, turnDelayMs: 1, heartbeatMs: 100 });

  const run = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<NemoRun> =>
    nemo(['--poll-interval', '0.05', ...args], { apiBase: world.emu.url, sandbox: world.box, env });
  const turns = () => world.emu.requests.filter((r) => r.path === '/run_sse').length;

  for (const [how, args, env] of [
    ['NEMO_STREAM_SILENCE_SECONDS=1', [], { NEMO_STREAM_SILENCE_SECONDS: '1' }],
    ['--stream-silence 1', ['--stream-silence', '1'], {}],
  ] as const) {
    it(`${how}: heartbeats alone for a second end the turn as timed out, never resent; the work found on the timeline`, async () => {
      // The agent sends nothing but heartbeats for 2.5 s, then does the work anyway.
      world.emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'silentStream', ms: 2500, heartbeats: true, then: 'continue' } });
      const r = await run([...args, 'chat', PROMPT], env);
      assert.match(r.stderr, /The reply timed out\. The message is not sent again; watching the timeline for changes instead\./);
      assert.equal(r.code, 0, 'an interrupted turn is not a failure: what it did is on the timeline');
      assert.equal(turns(), 1, 'never resent');
      assert.match(r.stdout + r.stderr, /Timeline \(\d+ tracks?\)/, 'what the agent did after the cut was found');
    });
  }

  it('without a limit set, the same heartbeats are waited out (the documented 10 minutes)', async () => {
    world.emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'silentStream', ms: 1500, heartbeats: true, then: 'continue' } });
    const r = await run(['chat', PROMPT]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /timed out/);
    assert.equal(turns(), 1);
  });

  it('a bad value is exit 2 in words naming the flag and the variable; nothing is sent', async () => {
    const r = await run(['chat', PROMPT], { NEMO_STREAM_SILENCE_SECONDS: '1200', NEMO_STREAM_MAX_SECONDS: '600' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--stream-silence \/ NEMO_STREAM_SILENCE_SECONDS \(1200 s\) cannot be longer than --stream-max \/ NEMO_STREAM_MAX_SECONDS \(600 s\)/);
    assert.equal(world.emu.requests.length, 0);
  });

  it('--help documents both limits and their variables', async () => {
    const r = await run(['--help']);
    assert.match(r.stdout, /--stream-silence <seconds>[\s\S]*NEMO_STREAM_SILENCE_SECONDS/);
    assert.match(r.stdout, /--stream-max <seconds>[\s\S]*NEMO_STREAM_MAX_SECONDS/);
  });
});
