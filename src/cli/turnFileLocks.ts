// Turns on one session, one at a time across `nemo` processes (src/nemo/turnLocks.ts is the rule):
// a `proper-lockfile` lock per session in $NEMO_HOME/turns, held for the whole turn (its mtime kept
// fresh while held, so a killed run's lock is taken over once stale). A second run waits, says so
// once, and stops waiting on Ctrl-C.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { lock } from 'proper-lockfile';
import { defaultSleep } from '../nemo/transport';
import type { Release, TurnLocks } from '../nemo/turnLocks';

/** A run that died holding the lock frees it after this long. */
const STALE_MS = 10_000;
/** How often a waiting run tries again. */
const RETRY_MS = 200;

export class FileTurnLocks implements TurnLocks {
  constructor(private readonly home: string, private readonly apiBase: string) {}

  async acquire(sessionId: string, opts: { signal?: AbortSignal; onWaiting?: () => void } = {}): Promise<Release> {
    const dir = path.join(this.home, 'turns');
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    // Named by a hash: a session id from the network never becomes a path.
    const file = path.join(dir, createHash('sha256').update(`${this.apiBase}\n${sessionId}`).digest('hex').slice(0, 32));
    let told = false;
    for (;;) {
      try {
        // A lock lost while held (the machine slept past the stale time) is not worth failing the turn for.
        return await lock(file, { realpath: false, stale: STALE_MS, retries: 0, onCompromised: () => undefined });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
      }
      if (!told) opts.onWaiting?.();
      told = true;
      await defaultSleep(RETRY_MS, opts.signal);
    }
  }
}
