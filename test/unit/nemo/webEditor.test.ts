import assert from 'node:assert/strict';
import { isNemoError } from '../../../src/nemo/errors';
import { CLAIM_TOKEN_PATH, claimUrl, parseClaimToken } from '../../../src/nemo/webEditor';
import { validateWebBaseUrl } from '../../../src/nemo/urls';
import { startEmulator, type Emulator } from '../../emulator';
import { makeClient } from '../../support/client';

/** The message of what `fn` throws, as a NemoError of `kind`. */
function failure(fn: () => unknown, kind: string): string {
  try {
    fn();
  } catch (e) {
    assert.ok(isNemoError(e), String(e));
    assert.equal(e.kind, kind);
    return e.message;
  }
  assert.fail('expected a failure');
}

describe('web editor: the claim link (pure)', () => {
  it('builds <web base>/workspace/claim?ct=<claim token>, the base normalized like the API base', () => {
    assert.equal(claimUrl('https://nemovideo.com/', 'clm_abc123def'), 'https://nemovideo.com/workspace/claim?ct=clm_abc123def');
    assert.equal(claimUrl(' https://example.com/nemo ', 'clm_abc123def'), 'https://example.com/nemo/workspace/claim?ct=clm_abc123def');
    assert.equal(claimUrl('http://127.0.0.1:8080', 'clm_abc123def'), 'http://127.0.0.1:8080/workspace/claim?ct=clm_abc123def');
  });

  it('refuses a web base that is not https (or loopback http), or that carries credentials or a query, without echoing them', () => {
    assert.match(failure(() => validateWebBaseUrl('http://nemovideo.com'), 'invalid-input'), /web editor address must use https/);
    assert.match(failure(() => validateWebBaseUrl('nemovideo.com'), 'invalid-input'), /web editor address is not a URL/);
    const userinfo = failure(() => validateWebBaseUrl('https://me:hunter2@nemovideo.com'), 'invalid-input');
    const query = failure(() => validateWebBaseUrl('https://nemovideo.com/?token=nmv_usr_secret'), 'invalid-input');
    for (const m of [userinfo, query]) {
      assert.match(m, /must not contain credentials, a query or a fragment/);
      assert.doesNotMatch(m, /hunter2|nmv_usr_secret/);
    }
  });

  it('never puts a long-lived token, or a value a link would re-encode, in the link', () => {
    assert.match(failure(() => claimUrl('https://nemovideo.com', 'nmv_usr_0123456789'), 'protocol'), /not a claim token/);
    assert.match(failure(() => parseClaimToken({ claim_token: 'nmv_usr_0123456789', expires_in: 300 }), 'protocol'), /long-lived token/);
    for (const bad of ['clm_a b c d e', 'clm_a%2Fbcdef', 'clm_a&x=1bcdef', 'clm_a+/=bcdef']) {
      assert.match(failure(() => parseClaimToken({ claim_token: bad }), 'protocol'), /characters a link cannot carry/, bad);
    }
  });

  it('reads the answer tolerantly: expires_in as a number or digit string, or absent', () => {
    assert.deepEqual(parseClaimToken({ claim_token: 'clm_abcdefgh', expires_in: 300 }), { claimToken: 'clm_abcdefgh', expiresIn: 300 });
    assert.deepEqual(parseClaimToken({ claim_token: 'clm_abcdefgh', expires_in: '120', extra: true }), { claimToken: 'clm_abcdefgh', expiresIn: 120 });
    assert.deepEqual(parseClaimToken({ claim_token: 'clm_abcdefgh', expires_in: 'soon' }), { claimToken: 'clm_abcdefgh', expiresIn: undefined });
    assert.match(failure(() => parseClaimToken(null), 'protocol'), /no data/);
    assert.match(failure(() => parseClaimToken({ token: 'clm_abcdefgh' }), 'protocol'), /no claim_token/);
  });
});

describe('web editor: claim tokens from the emulator', () => {
  let emu: Emulator;
  before(async () => (emu = await startEmulator({ turnDelayMs: 1 })));
  after(() => emu.close());
  beforeEach(() => emu.reset());
  const claims = () => emu.requests.filter((r) => r.path === CLAIM_TOKEN_PATH);

  it('sends the session and its task id, and gets a clm_ token with its lifetime', async () => {
    const client = makeClient(emu);
    const session = await client.createSession();
    const claim = await client.claimToken(session.sessionId, session.taskId);
    assert.match(claim.claimToken, /^clm_/);
    assert.equal(claim.expiresIn, 600);
    assert.deepEqual(emu.store.claims.map((c) => [c.claimToken, c.sessionId, c.taskId]), [[claim.claimToken, session.sessionId, session.taskId]]);
    assert.equal(claims().length, 1);
  });

  it('without a task id, reads it from the session state (the stores keep session ids only)', async () => {
    const client = makeClient(emu);
    const session = await client.createSession();
    const link = await client.webEditorLink(session.sessionId, 'https://nemovideo.com');
    assert.equal(emu.store.claims.length, 1);
    assert.equal(emu.store.claims[0].taskId, session.taskId);
    assert.equal(link.url, `https://nemovideo.com/workspace/claim?ct=${emu.store.claims[0].claimToken}`);
    assert.equal(link.expiresIn, 600);
    // The long-lived token is in no part of the link.
    const token = client.kit.tokens.byBase.get(client.baseUrl)?.token ?? '';
    assert.match(token, /^nmv_/);
    assert.ok(!link.url.includes(token));
  });

  it('a lost session is the session-lost error (1002), and no claim is given', async () => {
    const client = makeClient(emu);
    await client.createSession();
    await assert.rejects(client.claimToken('1234567890123456789', 'task'), (e: unknown) => isNemoError(e) && e.kind === 'session-lost');
    assert.equal(emu.store.claims.length, 0);
  });

  it('a refused token (HTTP 401) is the auth error; a connection reset is retried (a claim spends nothing)', async () => {
    const client = makeClient(emu);
    const session = await client.createSession();
    emu.faults.add({ path: CLAIM_TOKEN_PATH, times: 2, fault: { kind: 'status', status: 401, json: { detail: 'Unauthorized' } } });
    await assert.rejects(client.claimToken(session.sessionId, session.taskId), (e: unknown) => isNemoError(e) && e.kind === 'auth');
    emu.faults.add({ path: CLAIM_TOKEN_PATH, fault: { kind: 'reset' } });
    const claim = await client.claimToken(session.sessionId, session.taskId);
    assert.match(claim.claimToken, /^clm_/);
    assert.equal(emu.store.claims.length, 1);
  });

  it('a bad web base costs no request', async () => {
    const client = makeClient(emu);
    const session = await client.createSession();
    await assert.rejects(client.webEditorLink(session.sessionId, 'http://nemovideo.com'), (e: unknown) => isNemoError(e) && e.kind === 'invalid-input');
    assert.equal(claims().length, 0);
  });
});
