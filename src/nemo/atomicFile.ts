// A file that appears under its final name only when it is complete: it is written to a hidden
// temporary file beside the target (same directory, so the rename is atomic and never crosses
// devices), flushed to disk, then renamed. Any failure or abort deletes the temporary file, so a
// folder only ever receives finished files. Cloud downloads and local ffmpeg renders both write
// through here.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** `fill` already flushed the data (a write stream with `flush: true`); skip the extra fsync. */
  synced?: boolean;
}

/** Calls `fill(tempPath)`; when it resolves, the temporary file becomes `destPath`. */
export async function writeFileAtomically<T>(destPath: string, fill: (tempPath: string) => Promise<T>, opts: AtomicWriteOptions = {}): Promise<T> {
  const tmp = join(dirname(destPath), `.${basename(destPath)}.part-${randomBytes(6).toString('hex')}`);
  let done = false;
  try {
    const result = await fill(tmp);
    if (!opts.synced) await fsyncFile(tmp);
    await rename(tmp, destPath);
    done = true;
    return result;
  } finally {
    if (!done) await rm(tmp, { force: true });
  }
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
