import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { Agent, type Dispatcher } from 'undici';
import { isNemoError } from '../../../src/nemo/errors';
import { getCredits } from '../../../src/nemo/credits';
import { createSession, idField } from '../../../src/nemo/sessions';
import { Transport, unwrapEnvelope } from '../../../src/nemo/transport';
import { validateBaseUrl } from '../../../src/nemo/urls';
import { startEmulator, type Emulator } from '../../emulator';
import { TEST_VERSION, makeTransport } from '../../support/client';
import { MemoryIdStore, MemoryTokenStore } from '../../support/stores';
import { nemoFailure } from '../../support/assertions';
import { closedPort } from '../../support/ports';

const TOKEN_PATH = '/api/auth/anonymous-token';
const CREDITS = '/api/credits/balance/simple';
const SESSION = '/api/tasks/me/with-session/nemo_agent';

describe('transport against the emulator', () => {
  let emu: Emulator;
  before(async () => (emu = await startEmulator({ turnDelayMs: 1 })));
  after(() => emu.close());
  beforeEach(() => emu.reset());

  const count = (path: string, method?: string) =>
    emu.requests.filter((r) => r.origin === 'api' && r.path.split('?')[0] === path && (!method || r.method === method)).length;

  describe('headers and tokens', () => {
    it('sends attribution and the client id on every request, Authorization on all but anonymous-token', async () => {
      const t = makeTransport(emu);
      const s = await createSession(t, 'en');
      await getCredits(t);
      await t.call('GET', `/api/state/nemo_agent/me/${s.sessionId}/latest`);
      const clientId = t.kit.clientIds.id;
      assert.match(clientId ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(emu.requests.length, 4);
      for (const r of emu.requests) {
        assert.equal(r.headers['x-skill-source'], 'ai-free-generator');
        assert.equal(r.headers['x-skill-version'], TEST_VERSION);
        assert.equal(r.headers['x-skill-platform'], 'cli');
        assert.equal(r.headers['x-client-id'], clientId);
        if (r.path === TOKEN_PATH) assert.equal(r.headers.authorization, undefined);
        else assert.equal(r.headers.authorization, `Bearer ${t.kit.tokens.byBase.get(t.baseUrl)?.token}`);
      }
    });

    it('reuses the stored token across clients and shares one acquisition between concurrent callers', async () => {
      const t = makeTransport(emu);
      await Promise.all([getCredits(t), getCredits(t), getCredits(t)]);
      const again = makeTransport(emu, { tokens: t.kit.tokens, clientIds: t.kit.clientIds });
      await getCredits(again);
      assert.equal(count(TOKEN_PATH), 1);
      assert.equal(count(CREDITS), 4);
    });

    it('keeps tokens per base URL: a token made for one base is never sent to another', async () => {
      const other = await startEmulator();
      try {
        const tokens = new MemoryTokenStore();
        const clientIds = new MemoryIdStore();
        await getCredits(makeTransport(emu, { tokens, clientIds }));
        await getCredits(makeTransport(other, { tokens, clientIds }));
        const first = tokens.byBase.get(emu.url)?.token;
        const second = tokens.byBase.get(other.url)?.token;
        assert.ok(first && second && first !== second);
        assert.equal(other.requests.filter((r) => r.path === TOKEN_PATH).length, 1);
        assert.ok(other.requests.every((r) => r.headers.authorization !== `Bearer ${first}`));
      } finally {
        await other.close();
      }
    });

    it('1001 on an anonymous token: a new token for the same client id, and one retry', async () => {
      const t = makeTransport(emu);
      await getCredits(t);
      const old = t.kit.tokens.byBase.get(t.baseUrl)?.token ?? '';
      emu.expireToken(old);
      const credits = await getCredits(t);
      assert.equal(credits.available, 100);
      const tokenRequests = emu.requests.filter((r) => r.path === TOKEN_PATH);
      assert.equal(tokenRequests.length, 2);
      assert.equal(tokenRequests[1].headers['x-client-id'], tokenRequests[0].headers['x-client-id']);
      assert.notEqual(t.kit.tokens.byBase.get(t.baseUrl)?.token, old);
      assert.equal(count(CREDITS), 3);
    });

    it('1001 twice: one retry only, then an auth error', async () => {
      const t = makeTransport(emu);
      emu.faults.add({ path: SESSION, times: 2, fault: { kind: 'envelope', code: 1001, status: 401 } });
      const e = await nemoFailure(createSession(t, 'en'));
      assert.equal(e.kind, 'auth');
      assert.equal(e.code, 1001);
      assert.equal(count(SESSION), 2);
    });

    it('1001 with NEMO_TOKEN: a clear error naming NEMO_TOKEN, no anonymous token asked for, token not in the message', async () => {
      const secret = 'nmv_usr_fixed_SECRET_value_123';
      const t = makeTransport(emu, { fixedToken: { token: secret, source: 'env' } });
      const e = await nemoFailure(getCredits(t));
      assert.equal(e.kind, 'auth');
      assert.match(e.message, /NEMO_TOKEN/);
      assert.equal(count(TOKEN_PATH), 0);
      assert.equal(count(CREDITS), 1);
      assert.ok(!JSON.stringify({ m: e.message, d: e.details, log: t.kit.log }).includes(secret));
      assert.equal(emu.requests[0].headers.authorization, `Bearer ${secret}`);
    });

    it('a valid fixed token is used as-is', async () => {
      const issued = emu.issueToken();
      const t = makeTransport(emu, { fixedToken: { token: issued.token, source: 'user' }, clientIds: new MemoryIdStore(issued.clientId) });
      assert.equal((await getCredits(t)).available, 100);
      assert.equal(count(TOKEN_PATH), 0);
    });

    it('HTTP 400 for a missing client id: a new one is made, persisted, and the request retried once', async () => {
      const clientIds = new MemoryIdStore('');
      const t = makeTransport(emu, { clientIds });
      // The emulator's own words for it (a 400 about anything else keeps the id: test/hard/clientId).
      emu.faults.add({ path: TOKEN_PATH, fault: { kind: 'envelope', code: 400, status: 400, message: 'missing X-Client-Id' } });
      await getCredits(t);
      const tokenRequests = emu.requests.filter((r) => r.path === TOKEN_PATH);
      assert.equal(tokenRequests.length, 2);
      assert.match(clientIds.id ?? '', /^[0-9a-f-]{36}$/);
      assert.equal(tokenRequests[1].headers['x-client-id'], clientIds.id);
      assert.notEqual(tokenRequests[0].headers['x-client-id'], tokenRequests[1].headers['x-client-id']);
    });

    it('429 from anonymous-token: no new free token for days, so never retried, and the outer read adds no retries of its own', async () => {
      const t = makeTransport(emu);
      emu.faults.add({ path: TOKEN_PATH, times: 2, fault: { kind: 'status', status: 429, retryAfter: 5 } });
      const e = await nemoFailure(getCredits(t));
      assert.equal(e.kind, 'free-token-limit');
      assert.deepEqual(t.kit.sleeper.delays, [], 'no waiting: it would not pass in seconds');
      assert.equal(count(TOKEN_PATH), 1);
      assert.equal(count(CREDITS), 0);
    });

    it('the emulator\'s real limit (one free token per client id) after a 1001: free-token-limit, not a retry loop', async () => {
      emu.setOptions({ tokensPerClientId: 1, tokensPerIp: 10 });
      try {
        const t = makeTransport(emu);
        await getCredits(t);
        emu.faults.add({ path: CREDITS, fault: { kind: 'envelope', code: 1001 } });
        const e = await nemoFailure(getCredits(t));
        assert.equal(e.kind, 'free-token-limit');
        assert.equal(count(TOKEN_PATH), 2, 'the first token, then one refused request for a new one');
      } finally {
        emu.setOptions({ tokensPerClientId: 0, tokensPerIp: 0 });
      }
    });

    it('401 and codes 1010/1011 are a refused token like 1001: a new token, one retry', async () => {
      const refusals = [{ kind: 'status', status: 401, body: 'json' }, { kind: 'envelope', code: 1010 }, { kind: 'envelope', code: 1011, status: 401 }] as const;
      for (const fault of refusals) {
        const t = makeTransport(emu);
        const tokensBefore = count(TOKEN_PATH);
        const creditsBefore = count(CREDITS);
        emu.faults.add({ path: CREDITS, fault });
        await getCredits(t);
        assert.equal(count(TOKEN_PATH) - tokensBefore, 2, `${JSON.stringify(fault)}: first token, then a new one`);
        assert.equal(count(CREDITS) - creditsBefore, 2, `${JSON.stringify(fault)}: one retry`);
      }
    });

    it('reads the error\'s words from message, detail, error or reason, and a 404 "Session not found" is a lost session', async () => {
      const t = makeTransport(emu);
      const bodies: [Record<string, unknown>, string, string][] = [
        [{ detail: 'Session not found' }, 'session-lost', 'Session not found'],
        [{ error: { message: 'Session not found: 123' } }, 'session-lost', 'Session not found: 123'],
        [{ reason: 'session not found' }, 'session-lost', 'session not found'],
        [{ detail: 'Not Found' }, 'http', 'Not Found'],
      ];
      for (const [body, kind, words] of bodies) {
        emu.faults.add({ path: CREDITS, fault: { kind: 'status', status: 404, body: 'json', json: body } });
        const e = await nemoFailure(getCredits(t));
        assert.equal(e.kind, kind, JSON.stringify(body));
        assert.ok(e.message.endsWith(`: ${words}`), e.message);
      }
    });

    it('sends through the dispatcher it was given (a proxy agent, say)', async () => {
      let dispatched = 0;
      class CountingAgent extends Agent {
        override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
          dispatched++;
          return super.dispatch(opts, handler);
        }
      }
      const agent = new CountingAgent();
      try {
        await getCredits(makeTransport(emu, { dispatcher: agent }));
        assert.equal(dispatched, 2);
      } finally {
        await agent.close();
      }
    });

    it('never puts the token in a log line or an error, and logs paths without their query', async () => {
      const t = makeTransport(emu);
      await getCredits(t);
      emu.faults.add({ path: CREDITS, times: 3, fault: { kind: 'envelope', code: 1001, status: 401, message: 'bad token' } });
      await nemoFailure(t.call('GET', `${CREDITS}?token=abc&x=1`));
      const token = t.kit.tokens.byBase.get(t.baseUrl)?.token ?? 'missing';
      assert.ok(t.kit.log.length >= 4);
      for (const line of t.kit.log) {
        assert.ok(!JSON.stringify(line).includes(token));
        assert.ok(!line.path.includes('?'), line.path);
        assert.equal(typeof line.ms, 'number');
      }
      assert.ok(t.kit.log.some((l) => l.status === 401 && l.error === 'auth' && l.requestId));
    });
  });

  describe('the error table', () => {
    it('2001 passes through with the anonymous user id for the registration link', async () => {
      const t = makeTransport(emu);
      await getCredits(t);
      emu.faults.add({ path: SESSION, fault: { kind: 'envelope', code: 2001 } });
      const e = await nemoFailure(createSession(t, 'en'));
      assert.equal(e.kind, 'out-of-credits');
      assert.equal(e.details.anonymousUserId, t.kit.tokens.byBase.get(t.baseUrl)?.userId);
      assert.equal(e.didNothing, true);
      assert.equal(count(SESSION), 1);
    });

    for (const [code, kind] of [[4001, 'unsupported-file'], [4002, 'file-too-large']] as const) {
      it(`${code} passes through, not retried`, async () => {
        const t = makeTransport(emu);
        const path = '/api/upload-video/nemo_agent/me/1';
        emu.faults.add({ path, fault: { kind: 'envelope', code, status: 400 } });
        const e = await nemoFailure(t.call('POST', path, { body: { urls: ['https://x.test/a.mp4'], source_type: 'url' } }));
        assert.equal(e.kind, kind);
        assert.equal(e.code, code);
        assert.equal(e.path, path);
        assert.ok(e.requestId);
        assert.equal(count(path), 1);
      });
    }

    it('402 (export blocked) passes through, not retried', async () => {
      const t = makeTransport(emu);
      const path = '/api/render/proxy/lambda';
      emu.faults.add({ path, fault: { kind: 'status', status: 402 } });
      const e = await nemoFailure(t.call('POST', path, { body: {} }));
      assert.equal(e.kind, 'export-blocked');
      assert.equal(e.status, 402);
      assert.equal(count(path), 1);
    });

    it('429 on a POST with Retry-After: waits what the server asked, retries once', async () => {
      const t = makeTransport(emu);
      emu.faults.add({ path: SESSION, fault: { kind: 'status', status: 429, retryAfter: 7 } });
      const s = await createSession(t, 'en');
      assert.equal(typeof s.sessionId, 'string');
      assert.deepEqual(t.kit.sleeper.delays, [7000]);
      assert.equal(count(SESSION), 2);
    });

    it('429 on a POST without Retry-After waits 30 s, only once; a Retry-After over a minute is not waited for', async () => {
      const t = makeTransport(emu);
      emu.faults.add({ path: SESSION, fault: { kind: 'status', status: 429, body: 'empty' } });
      await createSession(t, 'en');
      emu.faults.add({ path: SESSION, times: 2, fault: { kind: 'status', status: 429, retryAfter: 3600 } });
      const e = await nemoFailure(createSession(t, 'en'));
      assert.equal(e.kind, 'rate-limited');
      assert.equal(e.retryAfterMs, 3_600_000);
      assert.deepEqual(t.kit.sleeper.delays, [30_000]);
      assert.equal(count(SESSION), 3);
    });

    it('5xx with an HTML body on a GET: retried twice with backoff, then a clear error', async () => {
      const t = makeTransport(emu);
      await getCredits(t);
      emu.faults.add({ path: CREDITS, times: 3, fault: { kind: 'status', status: 502, body: 'html' } });
      const e = await nemoFailure(getCredits(t));
      assert.equal(e.kind, 'server');
      assert.equal(e.status, 502);
      assert.match(e.message, /GET \/api\/credits\/balance\/simple failed \(HTTP 502\) \(not JSON\)/);
      assert.equal(count(CREDITS), 4);
      assert.deepEqual(t.kit.sleeper.delays, [750, 1500]);
    });

    it('a 503 then success on a GET: the read succeeds after one backoff', async () => {
      const t = makeTransport(emu);
      emu.faults.add({ path: CREDITS, fault: { kind: 'status', status: 503 } });
      assert.equal((await getCredits(t)).available, 100);
      assert.deepEqual(t.kit.sleeper.delays, [750]);
    });

    it('a POST that got a 5xx or a reset is never resent', async () => {
      const t = makeTransport(emu);
      await getCredits(t);
      emu.faults.add({ path: SESSION, fault: { kind: 'status', status: 500 } });
      assert.equal((await nemoFailure(createSession(t, 'en'))).kind, 'server');
      emu.faults.add({ path: SESSION, fault: { kind: 'reset' } });
      const e = await nemoFailure(createSession(t, 'en'));
      assert.equal(e.kind, 'connection');
      assert.equal(e.didNothing, false);
      assert.equal(count(SESSION), 2);
    });

    it('connection refused: GETs retried twice, then a connection error that says it did nothing', async () => {
      const t = makeTransport({ url: `http://127.0.0.1:${await closedPort()}` }, { fixedToken: { token: 't', source: 'env' } });
      const e = await nemoFailure(getCredits(t));
      assert.equal(e.kind, 'connection');
      assert.equal(e.didNothing, true);
      assert.equal(e.details.errno, 'ECONNREFUSED');
      assert.equal(t.kit.sleeper.delays.length, 2);
      assert.equal(t.kit.log.filter((l) => l.error === 'connection').length, 3);
    });

    it('a truncated or cut JSON body: a GET is read again after a backoff, a POST is not resent', async () => {
      const t = makeTransport(emu);
      await getCredits(t);
      emu.faults.add({ path: CREDITS, fault: { kind: 'truncate', missingBytes: 5 } });
      emu.faults.add({ path: CREDITS, fault: { kind: 'resetBody', afterBytes: 10 } });
      assert.equal((await getCredits(t)).available, 100);
      assert.equal(count(CREDITS), 4);
      assert.deepEqual(t.kit.sleeper.delays, [750, 1500]);
      for (const fault of [{ kind: 'truncate', missingBytes: 5 }, { kind: 'resetBody', afterBytes: 10 }] as const) {
        emu.faults.add({ path: SESSION, fault });
        const e = await nemoFailure(createSession(t, 'en'));
        assert.equal(e.kind, 'connection', fault.kind);
        assert.equal(e.didNothing, false, 'the server may have made the session');
      }
      assert.equal(count(SESSION), 2, 'each POST was sent once');
    });

    it('slow headers beyond the headers timeout: a timeout error', async () => {
      // undici checks its headers/body timeouts on a ~0.5 s tick: the delay must clear a tick or two.
      const t = makeTransport(emu, { headersTimeoutMs: 100 });
      await getCredits(t);
      emu.faults.add({ path: SESSION, fault: { kind: 'slowHeaders', ms: 2000 } });
      const e = await nemoFailure(createSession(t, 'en'));
      assert.equal(e.kind, 'timeout');
      assert.equal(count(SESSION), 1);
    });
  });

  describe('what leaves for other hosts', () => {
    it('a redirect from the API is not followed: the token never reaches the host it points to', async () => {
      const seen: string[] = [];
      const other = createHttpServer((req, res) => {
        seen.push(String(req.headers.authorization));
        res.end('{}');
      });
      const api = createHttpServer((_req, res) => {
        res.writeHead(302, { location: `http://127.0.0.1:${(other.address() as AddressInfo).port}/steal` }).end();
      });
      await Promise.all([other, api].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
      try {
        const token = 'nmv_usr_redirect_secret';
        const t = makeTransport({ url: `http://127.0.0.1:${(api.address() as AddressInfo).port}` }, { fixedToken: { token, source: 'env' } });
        const e = await nemoFailure(getCredits(t));
        assert.equal(e.status, 302);
        assert.ok(!e.message.includes(token));
        assert.deepEqual(seen, [], 'nothing reached the redirect target');
      } finally {
        await Promise.all([other, api].map((s) => new Promise((resolve) => s.close(resolve))));
      }
    });

    it('streamExternal sends no Authorization, no client id, no attribution; refuses non-http(s)', async () => {
      const t = makeTransport(emu);
      await getCredits(t);
      const statuses: number[] = [];
      const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });
      await t.streamExternal(`${emu.cdnUrl}/nothing-here.mp4`, (head) => (statuses.push(head.status), discard()));
      assert.deepEqual(statuses, [404]);
      const cdn = emu.requests.filter((r) => r.origin === 'cdn');
      assert.equal(cdn.length, 1);
      for (const name of ['authorization', 'x-client-id', 'x-skill-source', 'x-skill-platform']) assert.equal(cdn[0].headers[name], undefined, name);
      assert.equal((await nemoFailure(t.streamExternal('file:///etc/passwd', discard))).kind, 'invalid-input');
    });
  });
});

describe('transport: pure parts', () => {
  it('validates the base URL: https, or http only on this machine', () => {
    assert.equal(validateBaseUrl('https://mega-api-prod.nemovideo.ai/'), 'https://mega-api-prod.nemovideo.ai');
    assert.equal(validateBaseUrl('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
    assert.equal(validateBaseUrl('http://localhost:1/'), 'http://localhost:1');
    assert.equal(validateBaseUrl('http://[::1]:9'), 'http://[::1]:9');
    for (const bad of ['http://example.com', 'ftp://127.0.0.1', 'not a url', 'https://u:p@x.test', 'https://x.test/?a=1', 'http://127.0.0.1.evil.test']) {
      assert.throws(() => validateBaseUrl(bad), (e: unknown) => isNemoError(e) && e.kind === 'invalid-input', bad);
    }
    assert.throws(() => new Transport({ baseUrl: 'http://example.com', platform: 'cli', version: '1', tokens: new MemoryTokenStore(), clientIds: new MemoryIdStore() }));
  });

  it('unwraps both envelopes and returns bodies with neither whole', () => {
    assert.deepEqual(unwrapEnvelope(200, '{"code":0,"message":"ok","data":{"a":1}}'), { ok: true, data: { a: 1 } });
    assert.deepEqual(unwrapEnvelope(200, '{"success":true,"data":{"id":"r"},"error":null}'), { ok: true, data: { id: 'r' } });
    assert.deepEqual(unwrapEnvelope(200, '{"success":true,"status":"completed","output":{"url":"u"}}'), {
      ok: true, data: { success: true, status: 'completed', output: { url: 'u' } },
    });
    assert.deepEqual(unwrapEnvelope(200, '{"taskId":"t","status":"processing","progress":40}'), { ok: true, data: { taskId: 't', status: 'processing', progress: 40 } });
    assert.deepEqual(unwrapEnvelope(200, '{"code":1002,"message":"session not found","data":null}'), { ok: false, code: 1002, message: 'session not found' });
    assert.deepEqual(unwrapEnvelope(200, '{"code":"2001","message":"no credits"}'), { ok: false, code: 2001, message: 'no credits' });
    assert.deepEqual(unwrapEnvelope(409, '{"success":false,"data":null,"error":"duplicate id"}'), { ok: false, message: 'duplicate id' });
    assert.deepEqual(unwrapEnvelope(200, '{"success":false,"error":{"code":4001,"message":"type"}}'), { ok: false, code: 4001, message: 'type' });
    assert.deepEqual(unwrapEnvelope(502, '<html>bad gateway</html>'), { ok: false, notJson: true });
    assert.deepEqual(unwrapEnvelope(500, '{"code":0,"data":{}}'), { ok: false });
    assert.deepEqual(unwrapEnvelope(204, ''), { ok: true, data: undefined });
  });

  it('keeps a session id a string, even one the server sent as a bare number too long for a double', () => {
    const body = '{"code":0,"data":{"session_id":123456789012345678901234567890,"task_id":"77"}}';
    const data = JSON.parse(body).data;
    assert.equal(idField(body, ['data', 'session_id'], data.session_id), '123456789012345678901234567890');
    assert.equal(idField(body, ['data', 'task_id'], data.task_id), '77');
  });
});
