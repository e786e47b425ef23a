// An exclusive claim on one render, so two windows on the same workspace never both download it.
// The claim is a file created with O_EXCL ('wx'); it records the owner's pid and time. A claim
// whose process is gone, or that is older than the longest a download may take, is stale and
// is taken over.
import { mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

const STALE_AFTER_MS = 30 * 60 * 1000;

export interface RenderLock {
  /** Records that the render's file was delivered: no later claim on it succeeds. */
  markDone(): Promise<void>;
  release(): Promise<void>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else, which still means alive.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isStale(file: string, now: number): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    if (now - info.mtimeMs > STALE_AFTER_MS) return true;
    const pid = Number((JSON.parse(text) as { pid?: unknown }).pid);
    return Number.isInteger(pid) && pid > 0 ? !processAlive(pid) : false;
  } catch (e) {
    // Vanished between our attempts: not stale, just free; unreadable while being written: not stale.
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

function fileFor(dir: string, renderId: string, ext: 'lock' | 'done'): string {
  return path.join(dir, `render-${renderId.replace(/[^A-Za-z0-9_-]/g, '_')}.${ext}`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Claims the render, or answers undefined when a live owner holds it or it was already delivered.
 * The "done" marker lives on disk beside the lock because another window's workspaceState is a
 * separate in-memory copy: it would still list a job this window has finished.
 */
export async function claimRender(dir: string, renderId: string, now: () => number = Date.now): Promise<RenderLock | undefined> {
  await mkdir(dir, { recursive: true });
  const file = fileFor(dir, renderId, 'lock');
  const done = fileFor(dir, renderId, 'done');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(JSON.stringify({ pid: process.pid, at: now() }));
      } finally {
        await handle.close();
      }
      if (await exists(done)) {
        await rm(file, { force: true });
        return undefined;
      }
      let released = false;
      return {
        markDone: async () => {
          await writeFile(done, new Date(now()).toISOString());
        },
        release: async () => {
          if (released) return;
          released = true;
          await rm(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (attempt > 0 || !(await isStale(file, now()))) return undefined;
      await rm(file, { force: true }); // take over a stale claim, then try once more
    }
  }
  return undefined;
}
