import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import busboy from 'busboy';
import { isNemoError, type NemoErrorKind } from '../../../src/nemo/errors';
import { multipartFiles, type MultipartFile } from '../../../src/nemo/multipart';
import { createSession } from '../../../src/nemo/sessions';
import { uploadFiles, uploadUrls } from '../../../src/nemo/uploads';
import { startEmulator, type Emulator } from '../../emulator';
import { makeTransport } from '../../support/client';

/** Reads a multipart stream back with the same parser the emulator uses. */
async function parse(body: ReturnType<typeof multipartFiles>): Promise<{ bytes: number; parts: { field: string; filename: string; mime: string; sha: string }[] }> {
  const parser = busboy({ headers: { 'content-type': body.contentType } });
  const parts: { field: string; filename: string; mime: string; sha: string }[] = [];
  let bytes = 0;
  const done = new Promise<void>((resolve, reject) => {
    parser.on('file', (field, stream, info) => {
      const h = createHash('sha256');
      stream.on('data', (c: Buffer) => h.update(c));
      stream.on('end', () => parts.push({ field, filename: info.filename ?? '', mime: info.mimeType, sha: h.digest('hex') }));
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

  it('frames an empty file as a part with no content', async () => {
    const path = join(dir, 'empty.mp4');
    await writeFile(path, '');
    const body = multipartFiles('files', [{ path, name: 'empty.mp4', size: 0, mime: 'video/mp4' }, files[1]]);
    const got = await parse(body);
    assert.equal(got.bytes, body.contentLength);
    assert.deepEqual(got.parts.map((p) => p.filename), ['empty.mp4', names[1]]);
  });

  it('a body destroyed mid-file closes the file it was reading', async () => {
    const path = join(dir, 'long.mp4');
    await writeFile(path, '');
    await truncate(path, 16 * 1024 * 1024);
    const openFds = async () => (await readdir('/proc/self/fd')).length;
    const before = await openFds();
    // Read until file bytes arrive; the body reads ahead only a bounded amount, so the 16 MiB file stays open.
    const stream = multipartFiles('files', [{ path, name: 'long.mp4', size: 16 * 1024 * 1024, mime: 'video/mp4' }]).open();
    let got = 0;
    await new Promise<void>((resolve) => {
      const onReadable = (): void => {
        for (let c: Buffer | null; (c = stream.read() as Buffer | null) !== null;) got += c.length;
        if (got < 1024) return;
        stream.off('readable', onReadable);
        resolve();
      };
      stream.on('readable', onReadable);
    });
    assert.equal(await openFds(), before + 1, 'the file is open while it is being read');
    stream.destroy();
    await new Promise<void>((resolve) => stream.once('close', () => resolve()));
    assert.equal(await openFds(), before);
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

describe('uploads against the emulator', () => {
  let emu: Emulator;
  let t: ReturnType<typeof makeTransport>;
  let sessionId: string;
  let dir: string;
  const uploadRequests = () => emu.requests.filter((r) => r.path.startsWith('/api/upload-video/'));

  before(async () => {
    emu = await startEmulator();
    dir = await mkdtemp(join(tmpdir(), 'nemo-up-'));
  });
  after(async () => {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    emu.reset();
    t = makeTransport(emu);
    sessionId = (await createSession(t, 'en')).sessionId;
  });

  async function rejectsBeforeSending(paths: string[], kind: NemoErrorKind): Promise<void> {
    await assert.rejects(uploadFiles(t, sessionId, paths), (e) => isNemoError(e) && e.kind === kind);
    assert.equal(uploadRequests().length, 0, 'no upload request may reach the server');
  }

  it('streams real files as one multipart request; the server gets every byte and progress reaches the total', async () => {
    const video = join(dir, 'clip.mp4');
    const song = join(dir, 'Lo-fi 夜.mp3');
    const videoBytes = Buffer.alloc(2 * 1024 * 1024 + 17, 3);
    await writeFile(video, videoBytes);
    await writeFile(song, 'ID3 not really');
    const progress: [number, number, string][] = [];
    const files = await uploadFiles(t, sessionId, [video, song], { onProgress: (s, total, name) => progress.push([s, total, name]) });

    assert.deepEqual(files.map((f) => [f.filename, f.fileType]), [['clip.mp4', 'video'], ['Lo-fi 夜.mp3', 'audio']]);
    assert.match(files[0].cdnUrl, /^http:\/\/127\.0\.0\.1:\d+\//);
    assert.equal(files[0].width, 1920);
    assert.equal(files[0].hash, createHash('sha256').update(videoBytes).digest('hex'));
    const infos = emu.store.sessions.get(sessionId)!.videoInfos;
    assert.deepEqual(infos.map((i) => i.size), [videoBytes.length, 14]);

    const total = videoBytes.length + 14;
    assert.ok(progress.length > 2);
    assert.deepEqual(progress.at(-1), [total, total, 'Lo-fi 夜.mp3']);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i][0] > progress[i - 1][0]);
    const req = uploadRequests();
    assert.equal(req.length, 1);
    assert.match(req[0].headers['content-type'], /^multipart\/form-data; boundary=/);
    assert.ok(Number(req[0].headers['content-length']) > total);
    assert.equal(req[0].headers['transfer-encoding'], undefined);
  });

  it('refuses a missing file, an empty file, a .exe and a 501 MB sparse file before any request', async () => {
    const good = join(dir, 'ok.png');
    await writeFile(good, 'png');
    await rejectsBeforeSending([good, join(dir, 'missing.mp4')], 'invalid-input');
    const empty = join(dir, 'empty.wav');
    await writeFile(empty, '');
    await rejectsBeforeSending([good, empty], 'invalid-input');
    const exe = join(dir, 'tool.exe');
    await writeFile(exe, 'MZ');
    await rejectsBeforeSending([exe], 'unsupported-file');
    const sparse = join(dir, 'huge.mp4');
    await writeFile(sparse, '');
    await truncate(sparse, 501 * 1024 * 1024);
    await rejectsBeforeSending([good, sparse], 'file-too-large');
  });

  it('maps the server’s own refusal (4002) when its limit is lower', async () => {
    emu.setOptions({ maxUploadBytes: 10 });
    const p = join(dir, 'eleven.gif');
    await writeFile(p, 'GIF89a-----');
    await assert.rejects(uploadFiles(t, sessionId, [p]), (e) => isNemoError(e) && e.kind === 'file-too-large' && e.code === 4002);
    emu.setOptions({ maxUploadBytes: 500 * 1024 * 1024 });
  });

  it('an abort stops the upload with an aborted error', async () => {
    const p = join(dir, 'big.mkv');
    await writeFile(p, '');
    await truncate(p, 64 * 1024 * 1024);
    const ac = new AbortController();
    const upload = uploadFiles(t, sessionId, [p], { signal: ac.signal, onProgress: (sent) => sent > 1024 * 1024 && ac.abort() });
    await assert.rejects(upload, (e) => isNemoError(e) && e.kind === 'aborted');
  });

  it('uploads URLs as JSON and refuses anything but http(s) before sending', async () => {
    const files = await uploadUrls(t, sessionId, ['https://example.com/media/intro.webm']);
    assert.equal(files[0].filename, 'intro.webm');
    const req = uploadRequests();
    assert.equal(req.length, 1);
    assert.match(req[0].headers['content-type'], /^application\/json/);
    for (const bad of ['file:///etc/passwd', 'ftp://x/y.mp4', 'not a url']) {
      await assert.rejects(uploadUrls(t, sessionId, [bad]), (e) => isNemoError(e) && e.kind === 'invalid-input');
    }
    assert.equal(uploadRequests().length, 1);
  });
});
