// Defect 12: SIGTERM and SIGHUP killed `nemo export` at once and left a hidden .part file beside the
// video. They now stop it like Ctrl-C: the partial download is removed and the exit says so.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { hard } from './ledger';
import { cliWorld, nemoSignalled, partFiles } from './world';

describe('hard: signals stop nemo cleanly (CLI)', function () {
  this.timeout(60_000);
  const w = cliWorld();

  for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
    hard('signals', `${signal} during a download leaves no .part file and exits 130`, async () => {
      assert.equal((await w.run(['chat', 'make a 5-second video of a lighthouse'])).code, 0);
      // The CDN holds its answer: the download's hidden file exists while the signal arrives.
      w.emu.faults.add({ origin: 'cdn', path: /./, fault: { kind: 'slowHeaders', ms: 20_000 } });
      const videos = path.join(w.box.cwd, 'videos');
      const r = await nemoSignalled(w, ['export'], async () => (await partFiles(videos)).length > 0, signal);
      assert.ok(r.signalled, 'the download started');
      assert.equal(r.code, 130, r.stderr);
      assert.deepEqual(await partFiles(videos), []);
    });
  }
});
