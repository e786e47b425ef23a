// Big inputs live in os.tmpdir() and are always deleted afterwards, whatever happened.
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `fn` with a fresh temporary directory and removes it afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'nemo-bench-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Writes a file of `bytes` bytes that starts like an MP4 (an `ftyp` box, so checks that sniff the
 * head accept it) and is sparse after that: the disk holds almost nothing, reads return zeros.
 */
export async function makeSparseMp4(path: string, bytes: number): Promise<void> {
  const f = await open(path, 'w');
  try {
    const head = Buffer.alloc(32);
    head.writeUInt32BE(32, 0);
    head.write('ftypisom', 4, 'latin1');
    head.write('isomiso2avc1mp41', 16, 'latin1');
    await f.write(head, 0, head.length, 0);
    await f.truncate(bytes);
  } finally {
    await f.close();
  }
}

export const MB = 1_000_000;
