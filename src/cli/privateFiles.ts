// Small JSON files that only this user may read: the CLI keeps secrets (the anonymous token) and
// per-directory state in $NEMO_HOME. Writes go to a temp file beside the target and are renamed into
// place, so a crash or two runs at once never leave a half-written file behind. The mode is set at
// creation (0600 files, 0700 folder; rename keeps the temp file's mode) so the secret is never
// readable by others, even for an instant. A read-modify-write (`updatePrivateJson`) holds a lock
// (proper-lockfile: a `<file>.lock` directory, stale after 10 s) from the read to the rename, so
// runs in other folders sharing $NEMO_HOME never write over each other's entries. A file that cannot
// be read or written is reported as that file (errors.ts `localFileError`), never as its temp file.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { lock } from 'proper-lockfile';
import { localFileError, type LocalFileUse } from '../nemo/errors';

/** Runs `work` on `use.file`; a file-system refusal comes out as a `local-file` error naming it. */
async function onFile<T>(use: LocalFileUse, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw localFileError(e, use) ?? e;
  }
}

/** $NEMO_HOME, else ~/.config/nemo. */
export function nemoHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.NEMO_HOME?.trim();
  return fromEnv ? path.resolve(fromEnv) : path.join(os.homedir(), '.config', 'nemo');
}

export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw localFileError(e, { file, access: 'read' }) ?? e;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A damaged file is treated as absent: the worst case is a fresh token or session, never a crash.
    return undefined;
  }
}

export function writePrivateJson(file: string, value: unknown): Promise<void> {
  return onFile({ file, access: 'write' }, async () => {
    const dir = path.dirname(file);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await fs.writeFile(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
      await fs.rename(tmp, file);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
  });
}

/** A lock held longer than this is taken for a crashed run's and broken. */
const LOCK_STALE_MS = 10_000;

/**
 * Reads `file`, lets `edit` change the value, writes it back: all under the file's lock. Waits for
 * another run's lock (retrying for up to the stale time), never edits without it.
 */
export async function updatePrivateJson(file: string, edit: (current: unknown) => unknown): Promise<void> {
  const release = await onFile({ file, access: 'write' }, async () => {
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    return lock(file, {
      realpath: false,
      stale: LOCK_STALE_MS,
      retries: { retries: 200, factor: 1.3, minTimeout: 5, maxTimeout: 100, randomize: true },
    });
  });
  try {
    await writePrivateJson(file, edit(await readJsonFile(file)));
  } finally {
    await release();
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
