// A file that appears under its final name only when it is complete: it is written to a hidden
// temporary file beside the target (same directory, so the rename is atomic and never crosses
// devices), flushed to disk, then renamed. Any failure or abort deletes the temporary file, so a
// folder only ever receives finished files. Cloud downloads and local ffmpeg renders both write
// through here.
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
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

const PART_SUFFIX = /\.part-[0-9a-f]{12}$/;

/**
 * Removes the hidden partial files a killed write of `fileName` (or of its `-2`, `-3`… twins from
 * uniqueFilePath) left in `dir`: a process killed outright (SIGKILL, power loss) never ran the
 * clean-up above, and a resumed export must not leave them behind.
 */
export async function removeLeftoverParts(dir: string, fileName: string): Promise<void> {
  const dot = fileName.lastIndexOf('.');
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
  const ext = dot > 0 ? fileName.slice(dot) : '';
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith('.') || !PART_SUFFIX.test(name)) continue;
    const target = name.slice(1).replace(PART_SUFFIX, '');
    const twin = target.startsWith(stem) && target.endsWith(ext) && /^(-\d+)?$/.test(target.slice(stem.length, target.length - ext.length));
    if (twin) await rm(join(dir, name), { force: true });
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
