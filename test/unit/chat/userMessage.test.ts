import assert from 'node:assert/strict';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { offersLocalExport, registrationLink, toUserMessage, type UserMessageContext } from '../../../src/chat/userMessage';
import { NemoError, kindFor, type NemoErrorInit, type NemoErrorKind } from '../../../src/nemo/errors';
import { checkUploadFile } from '../../../src/nemo/fileTypes';

const TOKEN = 'nmv_usr_SECRET_abc123';
const FORMATS = 'mp4, mov, avi, webm, mkv, jpg, png, gif, webp, mp3, wav, m4a, aac';

function err(kind: NemoErrorKind, init: NemoErrorInit = {}, message = `internal message with ${TOKEN}`): NemoError {
  return new NemoError(kind, message, init);
}

describe('toUserMessage: the contract error table', () => {
  const rows: Array<[string, unknown, UserMessageContext, string]> = [
    [
      '1001 with NEMO_TOKEN',
      err(kindFor(1001, 200), { code: 1001 }),
      { operation: 'chat', tokenSource: 'env' },
      'Message failed: the token in NEMO_TOKEN was refused (expired or invalid). Set a valid token in NEMO_TOKEN, or unset it to use a free anonymous token.',
    ],
    [
      '1001 with a personal token (source from the error details)',
      err('auth', { code: 1001, details: { fixedToken: 'user' } }),
      { operation: 'credits' },
      'Could not read your credits: your Nemo token was refused (expired or invalid). Enter a new token, or sign out to use a free anonymous token.',
    ],
    [
      '1001 anonymous, refresh failed too',
      err('auth', { code: 1001 }),
      { operation: 'connect', tokenSource: 'anonymous' },
      'Could not connect to Nemo: the free Nemo token was refused and a new one could not be made. Try again in a minute.',
    ],
    [
      '1002 after a new session was made',
      err(kindFor(1002, 200), { code: 1002, details: { oldSessionId: '1', newSessionId: '2' } }),
      { operation: 'chat' },
      'Message failed: the session was not found, so its timeline is gone. A new session was started: describe your video again.',
    ],
    [
      '2001 anonymous: the registration link',
      err(kindFor(2001, 200), { code: 2001 }),
      { operation: 'chat', tokenSource: 'anonymous', anonymousUserId: 'anon_42' },
      'Message failed: you have used all your free credits. Register to get more and keep your work: https://nemovideo.com/register?bind=anon_42 Exporting is free, so you can still export what you have.',
    ],
    [
      '2001 anonymous id taken from the error',
      err('out-of-credits', { code: 2001, details: { userId: 'anon_7' } }),
      {},
      'Nemo request failed: you have used all your free credits. Register to get more and keep your work: https://nemovideo.com/register?bind=anon_7',
    ],
    [
      '2001 registered: top-up hint',
      err('out-of-credits', { code: 2001 }),
      { operation: 'chat', tokenSource: 'env' },
      'Message failed: your Nemo account is out of credits. Top up your credits at nemovideo.com, then try again. Exporting is free, so you can still export what you have.',
    ],
    [
      '4001 lists the 13 formats',
      err(kindFor(4001, 200), { code: 4001, details: { file: 'setup.exe' } }),
      { operation: 'upload' },
      `Upload failed: setup.exe is not a supported file type. Use one of: ${FORMATS}.`,
    ],
    [
      '4002 lists the 13 formats too',
      err('file-too-large', { code: 4002, details: { file: 'big.mov' } }),
      { operation: 'upload' },
      `Upload failed: big.mov is larger than 500 MB. Compress or trim it to under 500 MB, then upload it again. Accepted formats: ${FORMATS} (at most 500 MB a file).`,
    ],
    [
      '402',
      err(kindFor(undefined, 402), { status: 402 }),
      { operation: 'export' },
      'Export failed: the free plan does not allow this export (a plan limit, not a lack of credits). Upgrade your plan at nemovideo.com, or keep editing and export later.',
    ],
    ['429 with Retry-After', err('rate-limited', { status: 429, retryAfterMs: 12_500 }), { operation: 'status' }, 'Could not read the timeline: Nemo is receiving too many requests. Wait 13 seconds, then try again.'],
    ['429 without Retry-After, with a retry hint', err('rate-limited', { status: 429 }), { operation: 'export', retryHint: 'Run nemo export again.' }, 'Export failed: Nemo is receiving too many requests. Wait 30 seconds. Run nemo export again.'],
    [
      '5xx with request id',
      err(kindFor(undefined, 503), { status: 503, requestId: 'req-9' }),
      { operation: 'credits' },
      'Could not read your credits: the Nemo service had a problem (HTTP 503) (request req-9). Try again in a few minutes.',
    ],
    ['unexpected envelope code', err('http', { code: 3005 }), {}, 'Nemo request failed: the server answered with an unexpected error (code 3005). Try again.'],
    ['connection refused', err('connection', { didNothing: true }), { operation: 'connect' }, 'Could not connect to Nemo: could not reach the Nemo service. Check your internet connection and proxy settings, then try again.'],
    [
      'connection broke, CLI retry hint',
      err('connection'),
      { operation: 'export', retryHint: 'Run nemo export again.' },
      'Export failed: the connection to the Nemo service broke. Check your internet connection and proxy settings. Run nemo export again.',
    ],
    ['timeout', err('timeout'), { operation: 'status' }, 'Could not read the timeline: the Nemo service took too long to answer. Try again.'],
    [
      'render failed (CLI wording)',
      err('render-failed', { details: { reason: 'encoder crashed' } }),
      { operation: 'export', retryHint: 'Run nemo export again.' },
      'Export failed: render failed (encoder crashed). Run nemo export again.',
    ],
    [
      'render failed (extension wording)',
      err('render-failed', { details: { reason: 'encoder crashed' } }),
      { operation: 'export', retryHint: 'Run Nemo: Export Video again.' },
      'Export failed: render failed (encoder crashed). Run Nemo: Export Video again.',
    ],
    ['render failed, no hint', err('render-failed'), { operation: 'export' }, 'Export failed: render failed (no reason given). Try the export again.'],
    [
      'broken stream: never suggests resending',
      err('stream'),
      { operation: 'chat', retryHint: 'Send it again.' },
      'Message failed: the reply stream broke off. Your request may still be running: check the timeline (status) before sending it again.',
    ],
    ['missing client id', err(kindFor(undefined, 400, 'missing X-Client-Id'), { status: 400 }), { operation: 'session' }, "Could not start a Nemo session: the server did not accept this installation's client id. Try again."],
    ['invalid input keeps its own words', err('invalid-input', {}, 'File not found: clip.mp4'), { operation: 'upload' }, 'Upload failed: File not found: clip.mp4.'],
    ['protocol', err('protocol'), {}, 'Nemo request failed: Nemo answered something this version cannot read. Try again; if it keeps happening, update to the latest version.'],
    [
      'a render that may be running keeps the precise message',
      err('connection', { details: { mayBeRunning: true, renderId: 'render_1' } }, 'The answer to the export request was lost: the render may be running (job render_1). It was not sent again.'),
      { operation: 'export', retryHint: 'Run nemo export again.' },
      'Export failed: The answer to the export request was lost: the render may be running (job render_1). It was not sent again.',
    ],
    ['aborted', err('aborted'), { operation: 'export' }, 'Cancelled.'],
    ['an AbortError from elsewhere', Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }), {}, 'Cancelled.'],
    ['a plain Error', new Error('EACCES: permission denied, open /videos/a.mp4.'), { operation: 'export' }, 'Export failed: EACCES: permission denied, open /videos/a.mp4.'],
    ['not an Error at all', 'weird', {}, 'Nemo request failed: weird.'],
  ];
  for (const [what, e, ctx, want] of rows) {
    it(what, () => {
      const text = toUserMessage(e, ctx);
      assert.equal(text, want);
      assert.ok(!text.includes(TOKEN));
    });
  }

  it('recognises an error from another bundle by its shape, not its class', () => {
    const foreign = Object.assign(new Error('x'), { name: 'NemoError', kind: 'file-too-large', details: {} });
    assert.equal(toUserMessage(foreign, { operation: 'upload' }),
      `Upload failed: the file is larger than 500 MB. Compress or trim it to under 500 MB, then upload it again. Accepted formats: ${FORMATS} (at most 500 MB a file).`);
  });

  it('never shows a token, even when an error message carries one', () => {
    for (const e of [new Error(`bad header Authorization: Bearer ${TOKEN}`), err('invalid-input', {}, `token ${TOKEN} rejected`), `Bearer abc.def-ghi`]) {
      const text = toUserMessage(e);
      assert.doesNotMatch(text, /SECRET|abc\.def/);
    }
  });
});

describe('toUserMessage: a file refused before upload', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'nemo-usermessage-')); });
  after(() => rm(dir, { recursive: true, force: true }));

  /** The message for the error checkUploadFile really throws for `name`, made by `make`. */
  async function refusal(name: string, make: (path: string) => Promise<void> = async () => undefined): Promise<string> {
    const path = join(dir, name);
    await make(path);
    const e = await checkUploadFile(path).then(() => undefined, (x: unknown) => x);
    assert.ok(e !== undefined, `${name} was accepted`);
    return toUserMessage(e, { operation: 'upload' });
  }

  it('missing, empty, oversized or unsupported: names the file and lists the 13 formats once', async () => {
    const texts = [
      await refusal('missing.mp4'),
      await refusal('empty.mp4', (p) => writeFile(p, '')),
      await refusal('huge.mov', async (p) => { await writeFile(p, ''); await truncate(p, 501 * 1024 * 1024); }), // sparse
      await refusal('setup.exe', (p) => writeFile(p, 'MZ')),
    ];
    assert.deepEqual(texts.slice(0, 3), [
      `Upload failed: File not found: missing.mp4. Accepted formats: ${FORMATS} (at most 500 MB a file).`,
      `Upload failed: The file is empty: empty.mp4. Accepted formats: ${FORMATS} (at most 500 MB a file).`,
      `Upload failed: huge.mov is larger than 500 MB. Compress or trim it to under 500 MB, then upload it again. Accepted formats: ${FORMATS} (at most 500 MB a file).`,
    ]);
    assert.equal(texts[3], `Upload failed: setup.exe is not a supported file type. Use one of: ${FORMATS}.`);
    for (const text of texts) assert.equal(text.split(FORMATS).length, 2, text);
  });

  it('other bad input is not about a file and lists no formats', () => {
    assert.equal(toUserMessage(err('invalid-input', {}, 'No file to upload.'), { operation: 'upload' }), 'Upload failed: No file to upload.');
    assert.doesNotMatch(toUserMessage(err('invalid-input', { details: { url: 'ftp://x' } }, 'Only http and https links can be uploaded: ftp://x')), /Accepted formats/);
  });
});

describe('registrationLink', () => {
  it('builds the contract link and encodes the id', () => {
    assert.equal(registrationLink('anon_42'), 'https://nemovideo.com/register?bind=anon_42');
    assert.equal(registrationLink('a b&c'), 'https://nemovideo.com/register?bind=a%20b%26c');
  });
});

describe('the offer of a local export', () => {
  const hint = { operation: 'export' as const, localExportHint: 'nemo export --local' };

  it('comes with a 402 and with an unreachable render service, in the same sentence', () => {
    for (const e of [
      err('export-blocked', { status: 402, path: '/api/render/proxy/lambda' }),
      err('connection', { didNothing: true, path: '/api/render/proxy/lambda' }),
      err('timeout', { path: '/api/render/proxy/lambda/render_1' }),
    ]) {
      assert.equal(offersLocalExport(e), true, e.kind);
      assert.match(toUserMessage(e, hint), /^Export failed: .*\. You can also export it on this machine with ffmpeg, for free: nemo export --local\.$/);
    }
  });

  it('not when the state itself cannot be read, for other failures, or where the surface has no local export', () => {
    for (const e of [err('connection', { path: '/api/state/nemo_agent/me/s/latest' }), err('render-failed'), err('server', { status: 500, path: '/api/render/proxy/lambda' }), new Error('x')]) {
      assert.equal(offersLocalExport(e), false);
      assert.doesNotMatch(toUserMessage(e, hint), /on this machine/);
    }
    assert.doesNotMatch(toUserMessage(err('export-blocked', { status: 402 }), { operation: 'export' }), /on this machine/);
  });
});
