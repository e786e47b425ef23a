// Defect 6: concurrency on one session or folder. Two turns at once on one session both ran on the
// draft as it was before either, and one edit was lost; exports finishing together in one folder
// saved over each other. Turns now hold their session's lock (in the process for the editor, across
// processes for the CLI) and a second one waits, saying so; a finished video claims its name with
// link(2), moving on to -2, -3… when it is taken. Nothing is ever sent twice.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileTurnLocks } from '../../src/cli/turnFileLocks';
import { makeClient } from '../support/client';
import { MemoryIdStore } from '../support/stores';
import { hard } from './ledger';
import { cliWorld, emulatorWorld, partFiles, startNemo } from './world';

const GENERATE = 'make a 5-second video of a lighthouse';

describe('hard: one turn at a time per session (client, as in the editor)', function () {
  this.timeout(60_000);
  const world = emulatorWorld({ turnDelayMs: 20, renderMs: 200 });
  const runSse = () => world.emu.requests.filter((r) => r.path === '/run_sse').length;

  hard('concurrency', 'two turns sent at once on one session: the second waits, saying so, and both edits are in the timeline', async () => {
    const c = makeClient(world.emu);
    const keeper = c.sessionKeeper(new MemoryIdStore());
    await c.runTurn(keeper, GENERATE);
    const waited: string[] = [];
    const [a, b] = await Promise.all([
      c.runTurn(keeper, 'change the title to Harbor', { onWaitingForTurn: () => waited.push('a') }),
      c.runTurn(keeper, 'make it 9:16', { onWaitingForTurn: () => waited.push('b') }),
    ]);
    assert.deepEqual(waited, ['b'], 'the second turn was told it waits');
    assert.equal(runSse(), 3, 'the generation and each message once: nothing resent');
    assert.ok(a.changes.length > 0 && b.changes.length > 0);
    const state = await c.getState(await keeper.current());
    assert.match(state.rawDraft ?? '', /Harbor/, 'the first edit survived the second');
    assert.match(state.rawDraft ?? '', /\b1920\b/, 'and the second is there too (9:16 is 1080×1920)');
  });

  hard('concurrency', 'a waiting turn can be cancelled: it sends nothing and the running one finishes', async () => {
    const c = makeClient(world.emu);
    const keeper = c.sessionKeeper(new MemoryIdStore());
    await c.runTurn(keeper, GENERATE);
    const stop = new AbortController();
    const first = c.runTurn(keeper, 'change the title to Harbor');
    const second = c.runTurn(keeper, 'make it 9:16', { signal: stop.signal, onWaitingForTurn: () => stop.abort() });
    await assert.rejects(second, (e: { kind?: string }) => e.kind === 'aborted');
    assert.ok((await first).changes.length > 0);
    assert.equal(runSse(), 2);
  });

  hard('concurrency', 'three exports at once into one folder: three whole videos under three names, no .part file', async () => {
    const c = makeClient(world.emu);
    const keeper = c.sessionKeeper(new MemoryIdStore());
    await c.runTurn(keeper, GENERATE);
    const sessionId = await keeper.current();
    const outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nemo-hard-exports-'));
    try {
      const saved = await Promise.all([0, 1, 2].map(() => c.exportVideo(sessionId, { outDir, baseName: 'lighthouse' })));
      const files = (await fs.readdir(outDir)).sort();
      assert.equal(new Set(saved.map((s) => s.file)).size, 3, saved.map((s) => s.file).join(', '));
      assert.deepEqual(files, saved.map((s) => path.basename(s.file)).sort());
      for (const s of saved) assert.equal((await fs.stat(s.file)).size, s.bytes);
      assert.deepEqual(await partFiles(outDir), []);
    } finally {
      await fs.rm(outDir, { recursive: true, force: true });
    }
  });
});

describe('hard: one turn at a time per session across nemo runs (CLI)', function () {
  this.timeout(60_000);
  const w = cliWorld({ turnDelayMs: 20 });

  hard('concurrency', 'nemo chat while another run holds the session: says it waits, sends nothing until it is free, then runs once', async () => {
    assert.equal((await w.run(['chat', GENERATE])).code, 0);
    const sessionId = Object.values((await w.homeJson('sessions.json')) as Record<string, string>)[0] as string;
    // Another run's turn, as the lock file it holds.
    const release = await new FileTurnLocks(w.box.home, w.emu.url).acquire(sessionId, {});
    const sent = w.apiCalls('/run_sse');
    const run = startNemo(w, ['chat', 'make the title bigger']);
    await new Promise<void>((resolve) => run.onOutput(() => /Another turn is running on this session/.test(run.output()) && resolve()));
    assert.equal(w.apiCalls('/run_sse'), sent, 'nothing sent while the other turn runs');
    await release();
    const r = await run.done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /waiting for it to finish… Press Ctrl-C to stop\./);
    assert.equal(w.apiCalls('/run_sse'), sent + 1);
  });
});
