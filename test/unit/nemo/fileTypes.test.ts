import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isNemoError, type NemoErrorKind } from '../../../src/nemo/errors';
import { MAX_UPLOAD_BYTES, UPLOAD_FORMATS, UPLOAD_MIME_TYPES, checkUploadFile, mimeTypeFor } from '../../../src/nemo/fileTypes';

async function rejectsWith(p: Promise<unknown>, kind: NemoErrorKind): Promise<Record<string, unknown>> {
  let details: Record<string, unknown> = {};
  await assert.rejects(p, (e) => {
    assert.ok(isNemoError(e), String(e));
    assert.equal(e.kind, kind, e.message);
    details = e.details;
    return true;
  });
  return details;
}

describe('fileTypes', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nemo-types-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists the contract’s 13 formats, each with a MIME type', () => {
    assert.deepEqual([...UPLOAD_FORMATS], ['mp4', 'mov', 'avi', 'webm', 'mkv', 'jpg', 'png', 'gif', 'webp', 'mp3', 'wav', 'm4a', 'aac']);
    for (const f of UPLOAD_FORMATS) assert.match(UPLOAD_MIME_TYPES[f], /^(video|image|audio)\//);
    assert.equal(mimeTypeFor('Clip.MP4'), 'video/mp4');
    assert.equal(mimeTypeFor('x.exe'), undefined);
    assert.equal(mimeTypeFor('constructor'), undefined);
    assert.equal(MAX_UPLOAD_BYTES, 524_288_000);
  });

  it('accepts a good file and reports its name, size and MIME type', async () => {
    const p = join(dir, 'song.mp3');
    await writeFile(p, Buffer.alloc(1234, 1));
    assert.deepEqual(await checkUploadFile(p), { path: p, name: 'song.mp3', size: 1234, mime: 'audio/mpeg' });
  });

  it('refuses missing, directories and empty files as invalid input', async () => {
    await rejectsWith(checkUploadFile(join(dir, 'nope.mp4')), 'invalid-input');
    await mkdir(join(dir, 'folder.mp4'));
    await rejectsWith(checkUploadFile(join(dir, 'folder.mp4')), 'invalid-input');
    await writeFile(join(dir, 'empty.mp4'), '');
    await rejectsWith(checkUploadFile(join(dir, 'empty.mp4')), 'invalid-input');
  });

  it('refuses an unsupported extension with the extension in details', async () => {
    await writeFile(join(dir, 'setup.exe'), 'MZ');
    const d = await rejectsWith(checkUploadFile(join(dir, 'setup.exe')), 'unsupported-file');
    assert.equal(d.extension, 'exe');
    await writeFile(join(dir, 'noext'), 'x');
    assert.equal((await rejectsWith(checkUploadFile(join(dir, 'noext')), 'unsupported-file')).extension, '');
  });

  it('refuses a 501 MB sparse file with its size, and takes exactly 500 MB', async () => {
    const big = join(dir, 'big.mov');
    await writeFile(big, '');
    await truncate(big, 501 * 1024 * 1024);
    const d = await rejectsWith(checkUploadFile(big), 'file-too-large');
    assert.equal(d.size, 501 * 1024 * 1024);
    await truncate(big, MAX_UPLOAD_BYTES);
    assert.equal((await checkUploadFile(big)).size, MAX_UPLOAD_BYTES);
  });
});
