// Defect 8: local file-system failures came out as "Nemo answered something this version cannot
// read" or "the connection broke. Check your internet connection", and a download refused for a
// reason (a web page from the CDN, a cut body) lost it. One classification (src/nemo/errors.ts
// localFileError → kind `local-file`) and one wording (src/chat/userMessage.ts) now name the file,
// the cause and the fix, for the stores, uploads and downloads alike.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { toUserMessage } from '../../src/chat/userMessage';
import { downloadRenderOutput } from '../../src/nemo/download';
import { isNemoError } from '../../src/nemo/errors';
import { submitRender, waitForRender } from '../../src/nemo/renders';
import { createSession } from '../../src/nemo/sessions';
import { startEmulator, type Emulator } from '../emulator';
import { makeTransport } from '../support/client';
import { SMALL_DRAFT } from '../unit/nemo/renderDrafts';
import { hard } from './ledger';
import { FAST, cliWorld } from './world';

const WRONG_WORDS = /cannot read|internet connection|Nemo service/;
/** Root ignores file permissions: a permission case then runs the CLI as `nobody`, owning its sandbox. */
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

describe('hard: local file-system failures in words (CLI)', function () {
  this.timeout(120_000);
  const w = cliWorld();

  /** The case's sandbox handed to the user the CLI runs as, so permissions bind it. */
  async function permissionsBind(): Promise<{ uid?: number }> {
    if (!asRoot) return {};
    await promisify(execFile)('chown', ['-R', `${NOBODY}:${NOBODY}`, w.box.root]);
    return { uid: NOBODY };
  }

  hard('wording', 'NEMO_HOME is a file: the words name it and say a file is where a folder should be, never the network or Nemo', async () => {
    const home = path.join(w.box.root, 'home-file');
    await fs.writeFile(home, 'not a folder');
    const r = await w.run(['credits'], { env: { NEMO_HOME: home } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /could not \w+ .*home-file.*: part of that path is a file where a folder should be\. Move or rename that file\. Or set NEMO_HOME/);
    assert.doesNotMatch(r.stderr, WRONG_WORDS);
  });

  hard('wording', 'a folder where tokens.json should be: "it is a folder where a file should be"', async () => {
    await fs.mkdir(path.join(w.box.home, 'tokens.json'), { recursive: true });
    const r = await w.run(['credits']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /tokens\.json: it is a folder where a file should be\. Move or rename that folder\./);
    assert.doesNotMatch(r.stderr, WRONG_WORDS);
  });

  hard('wording', 'NEMO_HOME not writable: "permission denied", what to check, and NEMO_HOME', async () => {
    await fs.mkdir(w.box.home, { recursive: true });
    const user = await permissionsBind();
    await fs.chmod(w.box.home, 0o500);
    const r = await w.run(['credits'], user);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /could not write .*home.*: permission denied\. Check that you may use it .* Or set NEMO_HOME to a folder you can write/);
    assert.doesNotMatch(r.stderr, WRONG_WORDS);
  });

  hard('wording', 'an unreadable upload (chmod 000): "could not open <file>: permission denied", nothing resent', async () => {
    const clip = path.join(w.box.cwd, 'clip.mp4');
    await fs.writeFile(clip, Buffer.alloc(4096, 7));
    const user = await permissionsBind();
    assert.equal((await w.run(['credits'], user)).code, 0, 'the stores work');
    await fs.chmod(clip, 0o000);
    const r = await w.run(['upload', clip], user);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Upload failed: could not (open|read) .*clip\.mp4: permission denied/);
    assert.doesNotMatch(r.stderr, WRONG_WORDS);
    assert.ok(w.apiCalls('/api/upload-video') <= 1, 'not sent again');
  });

  hard('wording', 'the CDN and the fallback answer an HTML page: the export says so, and saves nothing', async () => {
    assert.equal((await w.run(['chat', 'make a 5-second video of a lighthouse'])).code, 0);
    w.emu.faults.add({ origin: 'cdn', path: /^\/o\//, fault: { kind: 'status', status: 200, body: 'html' } });
    w.emu.faults.add({ path: /\/download$/, fault: { kind: 'status', status: 200, body: 'html' } });
    const r = await w.run(['export']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Export failed: the video could not be saved: the server sent a web page instead of the video/);
    assert.deepEqual((await fs.readdir(w.box.cwd)).filter((n) => n.endsWith('.mp4')), []);
  });

  hard('wording', 'the CDN declares more bytes than it sends, twice: the words give the byte counts', async () => {
    assert.equal((await w.run(['chat', 'make a 5-second video of a lighthouse'])).code, 0);
    w.emu.faults.add({ origin: 'cdn', path: /^\/o\//, fault: { kind: 'truncate', missingBytes: 1000 } });
    w.emu.faults.add({ path: /\/download$/, fault: { kind: 'truncate', missingBytes: 1000 } });
    const r = await w.run([...FAST, 'export']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Export failed: the download broke off after \d+ of \d+ bytes/);
    assert.doesNotMatch(r.stderr, /cannot read|Nemo service/);
  });
});

describe('hard: a full disk during a download (injected through the file-opening seam)', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let dir: string;

  before(async () => {
    emu = await startEmulator({ renderMs: 100 });
  });
  after(async () => emu.close());
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nemo-hard-enospc-'));
  });
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  /** A real file whose writes fail as on a full disk (ENOSPC), the way node reports it. */
  async function fullDisk(p: string): Promise<FileHandle> {
    const handle = await open(p, 'wx', 0o644);
    const enospc = () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' }));
    return new Proxy(handle, {
      get(target, prop) {
        if (prop === 'writev' || prop === 'write') return enospc;
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  hard('wording', 'ENOSPC while writing: "could not write <file>: the disk is full. Free some disk space", no fallback, nothing left', async () => {
    const t = makeTransport(emu);
    const { sessionId } = await createSession(t, 'en');
    const renderId = await submitRender(t, sessionId, SMALL_DRAFT);
    const done = await waitForRender(t, renderId, { intervalMs: 20 });
    const dest = path.join(dir, 'tick.mp4');
    emu.requests.length = 0;
    const err = await downloadRenderOutput(t, { renderId, url: done.url! }, dest, { requireMp4: true, openFile: fullDisk }).then(() => undefined, (e: unknown) => e);
    assert.ok(isNemoError(err) && err.kind === 'local-file', String(err));
    const words = toUserMessage(err, { operation: 'export', retryHint: 'Run nemo export again.' });
    assert.match(words, /^Export failed: could not write .*tick\.mp4: the disk is full\. Free some disk space\. Run nemo export again\.$/);
    assert.equal(emu.requests.filter((r) => r.path.endsWith('/download')).length, 0, 'a full disk is not retried through the fallback');
    assert.deepEqual(await fs.readdir(dir), []);
  });
});

