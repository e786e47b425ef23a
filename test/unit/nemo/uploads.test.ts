import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import busboy from 'busboy';
import { multipartFiles, type MultipartFile } from '../../../src/nemo/multipart';

/** Reads a multipart stream back with the same parser the emulator uses. */
async function parse(body: ReturnType<typeof multipartFiles>): Promise<{ bytes: number; parts: { field: string; filename: string; mime: string; sha: string }[] }> {
  const parser = busboy({ headers: { 'content-type': body.contentType } });
  const parts: { field: string; filename: string; mime: string; sha: string }[] = [];
  let bytes = 0;
  const done = new Promise<void>((resolve, reject) => {
    parser.on('file', (field, stream, info) => {
      const h = createHash('sha256');
      stream.on('data', (c: Buffer) => h.update(c));
      stream.on('end', () => parts.push({ field, filename: info.filename, mime: info.mimeType, sha: h.digest('hex') }));
    });
    parser.on('close', resolve);
    parser.on('error', reject);
  });
  const stream = body.open();
  stream.on('data', (c: Buffer) => (bytes += c.length));
  stream.pipe(parser);
  await done;
  return { bytes, parts };
}

describe('multipart body', () => {
  let dir: string;
  const files: MultipartFile[] = [];
  const contents = [Buffer.alloc(700_000, 7), Buffer.from('a tiny one'), Buffer.alloc(3, 0xff)];
  const names = ['clip.mp4', '城市 "night"\r\n.mov', 'ça.mp3'];
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nemo-mp-'));
    for (const [i, c] of contents.entries()) {
      const path = join(dir, `f${i}`);
      await writeFile(path, c);
      files.push({ path, name: names[i], size: c.length, mime: 'video/mp4' });
    }
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('announces exactly the bytes it sends, and a parser reads every file back intact', async () => {
    const body = multipartFiles('files', files);
    const got = await parse(body);
    assert.equal(got.bytes, body.contentLength);
    assert.deepEqual(got.parts.map((p) => p.field), ['files', 'files', 'files']);
    assert.deepEqual(got.parts.map((p) => p.sha), contents.map((c) => createHash('sha256').update(c).digest('hex')));
    // Non-ASCII names travel in filename*, which parsers prefer; quotes and newlines cannot break the header.
    assert.deepEqual(got.parts.map((p) => p.filename), ['clip.mp4', '城市 "night"\r\n.mov', 'ça.mp3']);
  });

  it('each open() is a fresh stream (a refused upload can be sent again)', async () => {
    const body = multipartFiles('files', files.slice(1), 'fixed-boundary');
    const a = await parse(body);
    const b = await parse(body);
    assert.deepEqual(a, b);
    assert.equal(a.bytes, body.contentLength);
  });

  it('reports file bytes as they are read, summing to the file sizes', async () => {
    const body = multipartFiles('files', files);
    const seen = new Map<string, number>();
    for await (const _ of body.open((n, f) => seen.set(f.name, (seen.get(f.name) ?? 0) + n))) { /* drain */ }
    assert.deepEqual([...seen.values()], contents.map((c) => c.length));
  });

  it('fails instead of sending a wrong length when a file shrank after the check', async () => {
    const path = join(dir, 'shrinks.mp4');
    await writeFile(path, Buffer.alloc(10));
    const body = multipartFiles('files', [{ path, name: 'shrinks.mp4', size: 20, mime: 'video/mp4' }]);
    await assert.rejects(async () => {
      for await (const _ of body.open()) { /* drain */ }
    }, /changed while it was being uploaded/);
  });
});
