// A file that appears under its final name only when it is complete: it is written to a hidden
// temporary file beside the target (same directory, so the rename is atomic and never crosses
// devices), flushed to disk, then renamed. Any failure or abort deletes the temporary file, so a
// folder only ever receives finished files. Cloud downloads and local ffmpeg renders both write
// through here.
//
// A video the person keeps is never written over, not even by another export finishing in the same
// second under the same name: `writeNewFile` claims its name with link(2), which fails when the name
// exists, and moves on to `-2`, `-3`… (checking first and renaming later let three exports save
// over each other).
import { randomBytes } from 'node:crypto';
import { link, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** `fill` already flushed the data (a write stream with `flush: true`); skip the extra fsync. */
  synced?: boolean;
}

/** Calls `fill(tempPath)`; when it resolves, the temporary file becomes `destPath` (replacing it). */
export async function writeFileAtomically<T>(destPath: string, fill: (tempPath: string) => Promise<T>, opts: AtomicWriteOptions = {}): Promise<T> {
  return (await viaTempFile(destPath, fill, opts, async (tmp) => {
    await rename(tmp, destPath);
    return destPath;
  })).value;
}

/**
 * Like writeFileAtomically, but never replaces a file: the result lands under `destPath`, or the
 * first of `<stem>-2.<ext>`, `<stem>-3.<ext>`… free at that instant. Returns where it landed.
 */
export function writeNewFile<T>(destPath: string, fill: (tempPath: string) => Promise<T>, opts: AtomicWriteOptions = {}): Promise<{ path: string; value: T }> {
  return viaTempFile(destPath, fill, opts, (tmp) => claimFreeName(tmp, destPath));
}

async function viaTempFile<T>(destPath: string, fill: (tempPath: string) => Promise<T>, opts: AtomicWriteOptions, publish: (tmp: string) => Promise<string>): Promise<{ path: string; value: T }> {
  const tmp = join(dirname(destPath), `.${basename(destPath)}.part-${randomBytes(6).toString('hex')}`);
  let done = false;
  try {
    const value = await fill(tmp);
    if (!opts.synced) await fsyncFile(tmp);
    const path = await publish(tmp);
    done = true;
    return { path, value };
  } finally {
    if (!done) await rm(tmp, { force: true });
  }
}

/** The n-th name a video may take in its folder: `name`, then `<stem>-2.<ext>`, `<stem>-3.<ext>`, … */
function twinName(name: string, n: number): string {
  if (n === 1) return name;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}-${n}${name.slice(dot)}` : `${name}-${n}`;
}

/** Gives the finished `tmp` the first free twin of `destPath`, atomically: link fails on a taken name. */
async function claimFreeName(tmp: string, destPath: string): Promise<string> {
  const dir = dirname(destPath);
  for (let n = 1; ; n++) {
    const candidate = join(dir, twinName(basename(destPath), n));
    try {
      await link(tmp, candidate);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      // A file system without hard links (FAT, some network shares): claim the name with an
      // exclusive create, then move the finished file over the empty claim.
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw e;
      if (!(await claimEmpty(candidate))) continue;
      await rename(tmp, candidate);
      return candidate;
    }
    await rm(tmp, { force: true });
    return candidate;
  }
}

/** Creates `path` empty unless it exists; false when it did. */
async function claimEmpty(path: string): Promise<boolean> {
  try {
    await (await open(path, 'wx', 0o644)).close();
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

const PART_SUFFIX = /\.part-[0-9a-f]{12}$/;

/**
 * Removes the hidden partial files a killed write of `fileName` (or of its `-2`, `-3`… twins from
 * writeNewFile) left in `dir`: a process killed outright (SIGKILL, power loss) never ran the
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
