// Defect 3: a generation refused with 2001 moved the folder to a new, empty session, although the
// message said "you can still export what you have". A refused turn changes no stored state: not
// the folder's session, not its recorded render.
import { strict as assert } from 'node:assert';
import { FilePendingRenderStore } from '../../src/cli/fileStores';
import type { FaultAction } from '../emulator';
import { hard } from './ledger';
import { cliWorld } from './world';

describe('hard: a refused turn changes no stored state (CLI)', function () {
  this.timeout(60_000);
  const w = cliWorld();

  /** A folder with a timeline and a render recorded for it, as after a killed `nemo export`. */
  async function folderWithTimeline(): Promise<{ sessions: unknown; renders: unknown }> {
    assert.equal((await w.run(['chat', 'make a 5-second video of a lighthouse'])).code, 0);
    const [sessionId] = Object.values((await w.homeJson('sessions.json')) as Record<string, string>);
    await new FilePendingRenderStore(w.box.home, w.emu.url, w.box.cwd)
      .set({ renderId: 'render_1', sessionId, submittedAt: new Date(0).toISOString(), outDir: w.box.cwd, fileName: 'a.mp4' });
    return { sessions: await w.homeJson('sessions.json'), renders: await w.homeJson('renders.json') };
  }

  const refusals: Array<[string, FaultAction, number]> = [
    ['out of credits (2001)', { kind: 'envelope', code: 2001, message: 'insufficient credits' }, 1],
    ['token refused twice (1001)', { kind: 'envelope', code: 1001, status: 401 }, 2],
  ];
  for (const [what, fault, times] of refusals) {
    hard('refused-turn', `nemo generate refused, ${what}: the folder keeps its session and its render`, async () => {
      const before = await folderWithTimeline();
      w.emu.faults.add({ method: 'POST', path: '/run_sse', times, fault });
      const r = await w.run(['generate', 'a 5-second video of a harbour at night']);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(await w.homeJson('sessions.json'), before.sessions);
      assert.deepEqual(await w.homeJson('renders.json'), before.renders);
    });

    hard('refused-turn', `nemo chat refused, ${what}: the recorded render stays resumable`, async () => {
      const before = await folderWithTimeline();
      w.emu.faults.add({ method: 'POST', path: '/run_sse', times, fault });
      const r = await w.run(['chat', 'make the title bigger']);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(await w.homeJson('sessions.json'), before.sessions);
      assert.deepEqual(await w.homeJson('renders.json'), before.renders);
    });
  }

  hard('refused-turn', 'nemo chat --new-session refused (2001): the folder keeps its session; a later one that runs moves it', async () => {
    const before = await folderWithTimeline();
    w.emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'envelope', code: 2001, message: 'insufficient credits' } });
    const r = await w.run(['--new-session', 'chat', 'make a 5-second video of a harbour at night']);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(await w.homeJson('sessions.json'), before.sessions);
    assert.deepEqual(await w.homeJson('renders.json'), before.renders);
    assert.equal((await w.run(['--new-session', 'chat', 'make a 5-second video of a harbour at night'])).code, 0);
    assert.notDeepEqual(await w.homeJson('sessions.json'), before.sessions, 'a turn that ran makes its new session current');
  });

  hard('refused-turn', 'a first generation refused leaves the folder without a session, not with an empty one', async () => {
    w.emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'envelope', code: 2001 } });
    const r = await w.run(['generate', 'a 5-second video of a harbour at night']);
    assert.equal(r.code, 1);
    assert.equal(await w.homeJson('sessions.json'), undefined);
    assert.equal((await w.run(['generate', 'a 5-second video of a harbour at night'])).code, 0);
    assert.equal(Object.keys((await w.homeJson('sessions.json')) as object).length, 1);
  });
});
