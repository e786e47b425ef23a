// Defect 13: when the CDN declared a Content-Length smaller than the body, the cut video was saved
// with exit 0. A download is done only when the container is whole: its top-level boxes tile the
// file and a `moov` box is among them.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadFile } from '../../src/nemo/download';
import { nemoFailure } from '../support/assertions';
import { makeTransport } from '../support/client';
import { hard } from './ledger';
import { partFiles } from './world';
import { rawAnswer, startHostileServer } from './hostileServer';

function box(type: string, payload: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeUInt32BE(8 + payload.length);
  return Buffer.concat([size, Buffer.from(type, 'latin1'), payload]);
}

const FTYP = box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2', 'latin1'));
const MDAT = box('mdat', Buffer.alloc(4000, 7));
const MOOV = box('moov', box('mvhd', Buffer.alloc(100)));
const WHOLE = Buffer.concat([FTYP, MDAT, MOOV]);

describe('hard: a cut MP4 is never saved as good', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nemo-hard-mp4-'));
  });
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  async function download(answer: Buffer) {
    const server = await startHostileServer(() => answer);
    try {
      const t = makeTransport({ url: server.url });
      return await downloadFile(t, `${server.url}/out.mp4`, path.join(dir, 'out.mp4'), { requireMp4: true });
    } finally {
      await server.close();
    }
  }

  hard('truncated-mp4', 'a Content-Length shorter than the body: refused, nothing saved', async () => {
    const err = await nemoFailure(download(rawAnswer(WHOLE, FTYP.length + 1000)));
    assert.equal(err.kind, 'protocol');
    assert.match(err.message, /incomplete/);
    assert.deepEqual(await fs.readdir(dir), []);
  });

  hard('truncated-mp4', 'a body that ends inside the media data (length announced to match): refused', async () => {
    const cut = WHOLE.subarray(0, FTYP.length + 2000);
    await nemoFailure(download(rawAnswer(cut, cut.length)));
    assert.deepEqual(await fs.readdir(dir), []);
  });

  hard('truncated-mp4', 'a whole file without its moov box: refused', async () => {
    const noIndex = Buffer.concat([FTYP, MDAT]);
    const err = await nemoFailure(download(rawAnswer(noIndex, noIndex.length)));
    assert.match(err.message, /no moov box/);
    assert.deepEqual(await partFiles(dir), []);
  });

  hard('hostile-server', 'the whole container, moov last, is saved byte for byte (the control)', async () => {
    const saved = await download(rawAnswer(WHOLE, WHOLE.length));
    assert.equal(saved.bytes, WHOLE.length);
    assert.deepEqual(await fs.readFile(path.join(dir, 'out.mp4')), WHOLE);
  });
});
