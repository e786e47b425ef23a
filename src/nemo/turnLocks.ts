// Turns on one session run one at a time. Two messages sent at once to one session both ran, each on
// the draft as it was before either, and one edit was lost. A turn therefore holds its session's
// lock from its first read of the state to its last; a second turn waits for it (told through
// `onWaiting`, cancelled by its signal). The client holds one in-process lock table (enough for an
// editor window); the CLI hands in a lock across processes (src/cli/turnFileLocks.ts).
import { abortedError } from './auth';

/** Undoes one acquire. */
export type Release = () => Promise<void>;

export interface TurnLocks {
  /** Resolves once no other turn holds `sessionId`; `onWaiting` is called once when it has to wait. */
  acquire(sessionId: string, opts: { signal?: AbortSignal; onWaiting?: () => void }): Promise<Release>;
}

/** The sessions of this process: a queue per session, first come first served. */
export class InProcessTurnLocks implements TurnLocks {
  /** The last turn queued per session: it ends when every turn queued before it has. */
  private readonly tails = new Map<string, Promise<void>>();

  async acquire(sessionId: string, opts: { signal?: AbortSignal; onWaiting?: () => void } = {}): Promise<Release> {
    if (opts.signal?.aborted) throw abortedError();
    const ahead = this.tails.get(sessionId);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    // Queued behind whatever is ahead, also when this turn is cancelled while it waits (it then
    // releases at once, so the ones behind it are not held up).
    const tail = (ahead ?? Promise.resolve()).then(() => mine);
    this.tails.set(sessionId, tail);
    void tail.then(() => {
      if (this.tails.get(sessionId) === tail) this.tails.delete(sessionId);
    });
    const done: Release = () => {
      release();
      return Promise.resolve();
    };
    if (!ahead) return done;
    opts.onWaiting?.();
    try {
      await untilAborted(ahead, opts.signal);
    } catch (e) {
      release();
      throw e;
    }
    return done;
  }
}

/** `p`, or an abort error as soon as `signal` aborts. */
function untilAborted(p: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return p;
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(abortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, reject);
  });
}
