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
 * Writes a file of `bytes` bytes laid out as a whole MP4's top-level boxes (ftyp, an empty moov, then
 * one mdat to the end), so the download's container check accepts it, and sparse after the headers:
 * the disk holds almost nothing, reads of the media data return zeros.
 */
export async function makeSparseMp4(path: string, bytes: number): Promise<void> {
  const f = await open(path, 'w');
  try {
    const head = Buffer.alloc(48);
    head.writeUInt32BE(32, 0);
    head.write('ftypisom', 4, 'latin1');
    head.write('isomiso2avc1mp41', 16, 'latin1');
    head.writeUInt32BE(8, 32);
    head.write('moov', 36, 'latin1');
    head.writeUInt32BE(bytes - 40, 40);
    head.write('mdat', 44, 'latin1');
    await f.write(head, 0, head.length, 0);
    await f.truncate(bytes);
  } finally {
    await f.close();
  }
}

export const MB = 1_000_000;
