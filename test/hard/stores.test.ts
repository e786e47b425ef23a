// Defect 2: sessions.json, tokens.json and renders.json were read-modify-write without a lock, so
// runs in different folders sharing one NEMO_HOME dropped each other's entries (eight `nemo
// generate` kept five sessions). Every update now holds the file's lock from read to rename.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { FilePendingRenderStore, FileSessionStore, FileTokenStore } from '../../src/cli/fileStores';
import { hard } from './ledger';
import { cliWorld } from './world';

const BASE = 'http://127.0.0.1:9';

describe('hard: shared stores under concurrency', function () {
  this.timeout(120_000);
  let home: string;
  beforeEach(async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'nemo-hard-stores-'));
  });
  afterEach(async () => fs.rm(home, { recursive: true, force: true }));

  hard('stores', 'property: any interleaving of session, token and render writes keeps every entry (seeded)', async () => {
    // Each run is one folder writing its own keys at once with the others, as parallel CLI runs do.
    const op = fc.record({ folder: fc.integer({ min: 0, max: 7 }), kind: fc.constantFrom('session', 'token', 'render'), value: fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 1, maxLength: 8 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 24 }), async (ops) => {
        await fs.rm(home, { recursive: true, force: true });
        const expected = { session: new Map<number, string>(), token: new Map<number, string>(), render: new Map<number, string>() };
        // The last write per (kind, folder) wins; writes of one folder are sequential, folders run in parallel.
        const byFolder = new Map<number, typeof ops>();
        for (const o of ops) byFolder.set(o.folder, [...(byFolder.get(o.folder) ?? []), o]);
        await Promise.all([...byFolder].map(async ([folder, mine]) => {
          const cwd = `/project/${folder}`;
          for (const o of mine) {
            if (o.kind === 'session') await new FileSessionStore(home, BASE, cwd).set(o.value);
            else if (o.kind === 'token') await new FileTokenStore(home).set(`${BASE}/${folder}`, { token: o.value, anonymous: true });
            else await new FilePendingRenderStore(home, BASE, cwd).set({ renderId: o.value, sessionId: '1', submittedAt: 'now', outDir: cwd, fileName: 'a.mp4' });
            expected[o.kind].set(folder, o.value);
          }
        }));
        for (const [folder, v] of expected.session) assert.equal(await new FileSessionStore(home, BASE, `/project/${folder}`).get(), v);
        for (const [folder, v] of expected.token) assert.equal((await new FileTokenStore(home).get(`${BASE}/${folder}`))?.token, v);
        for (const [folder, v] of expected.render) assert.equal((await new FilePendingRenderStore(home, BASE, `/project/${folder}`).get())?.renderId, v);
        const left = (await fs.readdir(home)).filter((n) => !n.endsWith('.json'));
        assert.deepEqual(left, [], 'no lock or temp file left behind');
      }),
      { seed: 11, numRuns: 25 },
    );
  });
});

describe('hard: parallel nemo runs sharing NEMO_HOME (CLI)', function () {
  this.timeout(120_000);
  const w = cliWorld();

  hard('stores', 'eight nemo chat generations in eight folders keep eight sessions', async () => {
    const folders = await Promise.all(Array.from({ length: 8 }, async (_, i) => {
      const cwd = path.join(w.box.root, `p${i}`);
      await fs.mkdir(cwd);
      return cwd;
    }));
    // The first run makes the client id and token; the eight then share them, as on a real machine.
    assert.equal((await w.run(['credits'])).code, 0);
    const runs = await Promise.all(folders.map((cwd) => w.run(['chat', 'make a 5-second video of a lighthouse'], { cwd })));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const sessions = (await w.homeJson('sessions.json')) as Record<string, string>;
    assert.equal(Object.keys(sessions).length, 8);
    assert.equal(new Set(Object.values(sessions)).size, 8);
  });
});
