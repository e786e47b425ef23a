// Defect 12: SIGTERM and SIGHUP killed `nemo export` at once and left a hidden .part file beside the
// video. They now stop it like Ctrl-C: the partial download is removed and the exit says so.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { hard } from './ledger';
import { cliWorld, nemoSignalled, partFiles } from './world';

describe('hard: signals stop nemo cleanly (CLI)', function () {
  this.timeout(60_000);
  const w = cliWorld();

  // 128 + the signal, as shells expect (SIGTERM once exited 130 like Ctrl-C).
  const EXIT = { SIGTERM: 143, SIGHUP: 129, SIGINT: 130 } as const;
  for (const signal of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) {
    hard('signals', `${signal} during a download leaves no .part file and exits ${EXIT[signal]}`, async () => {
      assert.equal((await w.run(['chat', 'make a 5-second video of a lighthouse'])).code, 0);
      // The CDN holds its answer: the download's hidden file exists while the signal arrives.
      w.emu.faults.add({ origin: 'cdn', path: /./, fault: { kind: 'slowHeaders', ms: 20_000 } });
      const videos = path.join(w.box.cwd, 'videos');
      const r = await nemoSignalled(w, ['export'], async () => (await partFiles(videos)).length > 0, signal);
      assert.ok(r.signalled, 'the download started');
      assert.equal(r.code, EXIT[signal], r.stderr);
      assert.deepEqual(await partFiles(videos), []);
    });
  }
});
