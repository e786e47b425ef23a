// The checks behind `nemo doctor` and "Nemo: Check Connection", with a real client against the
// emulator in each state a newcomer can be in: all well, no service, a refused token, no new free
// token (429), no credits, no ffmpeg. The words are checked for what they tell the person to do.
import * as assert from 'node:assert/strict';
import { doctorLines, runDoctor, type DoctorCheckId, type DoctorInput, type DoctorReport, type FfmpegLookup } from '../../../src/chat/doctor';
import { path as ffmpegPath } from '@ffmpeg-installer/ffmpeg';
import { locateFfmpeg } from '../../../src/localRender/ffmpegLocator';
import { startEmulator, type Emulator } from '../../emulator';
import { makeClient } from '../../support/client';
import { closedPort } from '../../support/ports';

const FFMPEG_FOUND: FfmpegLookup = { found: true, path: '/opt/ffmpeg/bin/ffmpeg', version: '7.1' };


function check(report: DoctorReport, id: DoctorCheckId) {
  const c = report.checks.find((x) => x.id === id);
  assert.ok(c, `a ${id} check`);
  return c;
}

describe('doctor: the connection checks (against the emulator)', function () {
  let emu: Emulator;

  before(async () => {
    emu = await startEmulator({ turnDelayMs: 1 });
  });
  after(() => emu.close());
  beforeEach(() => emu.reset());

  function input(over: Partial<DoctorInput> & { client?: ReturnType<typeof makeClient> } = {}): DoctorInput {
    const client = over.client ?? makeClient(emu);
    return {
      surface: 'cli',
      apiBase: { url: client.baseUrl, source: 'env' },
      token: 'anonymous',
      service: client,
      ffmpeg: async () => FFMPEG_FOUND,
      ...over,
    };
  }

  it('all well: every check passes and says what it found, in order, with no problem to fix', async function () {
    const report = await runDoctor(input());
    assert.equal(report.problems, 0);
    assert.deepEqual(report.checks.map((c) => [c.id, c.state]), [
      ['api', 'ok'], ['proxy', 'ok'], ['service', 'ok'], ['token', 'ok'], ['credits', 'ok'], ['ffmpeg', 'ok'],
    ]);
    assert.match(check(report, 'api').text, new RegExp(`${emu.url.replace(/[.]/g, '\\.')} \\(from NEMO_API_BASE\\)`));
    assert.match(check(report, 'token').text, /a free anonymous token \(user anon_/);
    assert.match(check(report, 'credits').text, /Balance: 100 credits left\./);
    assert.match(check(report, 'ffmpeg').text, /\/opt\/ffmpeg\/bin\/ffmpeg/);
    assert.equal(doctorLines(report).at(-1), 'All is well: Nemo is ready.');
  });

  it('no service: says nothing answers at the base, what to check, and does not pretend to know the token or balance', async function () {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const client = makeClient({ url });
    const report = await runDoctor(input({ client, apiBase: { url, source: 'flag' } }));
    assert.equal(report.problems, 1);
    const service = check(report, 'service');
    assert.equal(service.state, 'problem');
    assert.match(service.text, new RegExp(`no answer from ${url.replace(/[.]/g, '\\.')}`));
    assert.match(service.fix ?? '', /Check your internet connection and proxy settings\. Run nemo doctor again\./);
    assert.equal(check(report, 'token').state, 'skipped');
    assert.equal(check(report, 'credits').state, 'skipped');
    assert.match(doctorLines(report).at(-1)!, /^1 thing needs fixing\.$/);
  });

  it('a refused NEMO_TOKEN: the service answers, the token is the problem, never shown, and the fix names NEMO_TOKEN', async function () {
    const secret = 'nmv_usr_this_token_was_revoked';
    const client = makeClient(emu, { fixedToken: { token: secret, source: 'env' } });
    const report = await runDoctor(input({ client, token: 'env' }));
    assert.equal(report.problems, 1);
    assert.equal(check(report, 'service').state, 'ok');
    const token = check(report, 'token');
    assert.equal(token.state, 'problem');
    assert.match(token.text, /NEMO_TOKEN from the environment/);
    assert.match(token.fix ?? '', /Set a valid token in NEMO_TOKEN/);
    assert.equal(check(report, 'credits').state, 'skipped');
    assert.ok(!doctorLines(report).join('\n').includes(secret), 'the token value never appears');
  });

  it('a refused personal token in the editor: the fix says how to enter a new one there', async function () {
    const client = makeClient(emu, { fixedToken: { token: 'nmv_usr_stale', source: 'user' } });
    const report = await runDoctor(input({ client, token: 'user', surface: 'editor', apiBase: { url: emu.url, source: 'setting' } }));
    const token = check(report, 'token');
    assert.equal(token.state, 'problem');
    assert.match(token.text, /your personal token/);
    assert.match(token.fix ?? '', /Nemo: Set Token…/);
    assert.match(check(report, 'api').text, /from the nemo\.apiBaseUrl setting/);
  });

  it('429 on the anonymous token: no new free token, and the fix is a personal token, never "wait and retry"', async function () {
    emu.faults.add({ method: 'POST', path: '/api/auth/anonymous-token', times: 5, fault: { kind: 'status', status: 429, retryAfter: 0 } });
    const report = await runDoctor(input());
    assert.equal(check(report, 'service').state, 'ok', 'a 429 is an answer');
    const token = check(report, 'token');
    assert.equal(token.state, 'problem');
    assert.match(token.fix ?? '', /Set NEMO_TOKEN to a personal token/);
    assert.equal(check(report, 'credits').state, 'skipped');
  });

  it('no credits left on a free token: a problem, with the registration link for this user, and export is still free', async function () {
    const client = makeClient(emu);
    const { userId } = await client.identity();
    emu.setCredits(userId!, 0);
    const report = await runDoctor(input({ client }));
    const credits = check(report, 'credits');
    assert.equal(credits.state, 'problem');
    assert.match(credits.text, /exporting is free/);
    assert.ok(credits.fix?.includes(`https://nemovideo.com/register?bind=${userId}`), credits.fix);
  });

  it('a service that fails (HTTP 503 on every read): the service is the problem, with the request id to quote', async function () {
    emu.faults.add({ method: 'GET', path: '/api/credits/balance/simple', times: 5, fault: { kind: 'status', status: 503 } });
    const report = await runDoctor(input());
    const service = check(report, 'service');
    assert.equal(service.state, 'problem');
    assert.match(service.text, /answers, but with an error/);
    assert.match(service.fix ?? '', /HTTP 503/);
  });

  it('no ffmpeg (the real locator with an empty PATH): a problem for local export only, with the install command and where to point at one', async function () {
    const report = await runDoctor(input({ ffmpeg: () => locateFfmpeg({ env: { PATH: '' }, platform: 'linux', osRelease: 'ID=debian' }) }));
    assert.equal(report.problems, 1);
    const ffmpeg = check(report, 'ffmpeg');
    assert.equal(ffmpeg.state, 'problem');
    assert.match(ffmpeg.text, /only exporting on this machine needs it/);
    assert.match(ffmpeg.fix ?? '', /sudo apt install ffmpeg.*nemo\.ffmpegPath \(NEMO_FFMPEG/);
  });

  it('ffmpeg found by the real locator (NEMO_FFMPEG): its path and version', async function () {
    const report = await runDoctor(input({ ffmpeg: () => locateFfmpeg({ env: { NEMO_FFMPEG: ffmpegPath, PATH: '' } }) }));
    assert.equal(report.problems, 0);
    assert.match(check(report, 'ffmpeg').text, new RegExp(`${ffmpegPath.replace(/[.]/g, '\\.')} \\(version \\S+\\)`));
  });

  it('a proxy: named by scheme, host and port only, never its credentials', async function () {
    const report = await runDoctor(input({ proxy: { url: 'http://alice:s3cret@proxy.corp:3128', source: 'env' } }));
    const proxy = check(report, 'proxy');
    assert.match(proxy.text, /http:\/\/proxy\.corp:3128 \(from HTTPS_PROXY \/ HTTP_PROXY\)/);
    assert.ok(!proxy.text.includes('s3cret') && !proxy.text.includes('alice'));
  });
});
