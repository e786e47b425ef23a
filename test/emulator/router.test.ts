import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_ROUTES } from './api';
import { startEmulator, type Emulator } from './index';
import { DEFAULT_OPTIONS } from './options';
import { Router } from './router';
import { call, signIn } from './testHttp';

const README = readFileSync(join(__dirname, 'README.md'), 'utf8');

describe('emulator route table', function () {
  let emu: Emulator;
  before(async () => (emu = await startEmulator({ renderMs: 200, turnDelayMs: 1 })));
  after(() => emu.close());

  it('decodes path params, authenticates before anything (even an unknown route), answers 404 for no route', async () => {
    const u = await signIn(emu);
    const encoded = await call(emu.url, 'GET', `/api/state/nemo_agent/me/${encodeURIComponent(u.sessionId)}/latest`, { token: u.token });
    assert.equal(encoded.json().code, 0);
    assert.equal((await call(emu.url, 'GET', '/api/nothing/here')).json().code, 1001);
    const missing = await call(emu.url, 'GET', '/api/nothing/here', { token: u.token });
    assert.deepEqual([missing.status, missing.json().message], [404, 'no route GET /api/nothing/here']);
    // The method is part of the route: a DELETE on the poll path is no route.
    assert.equal((await call(emu.url, 'DELETE', '/api/render/proxy/lambda/x', { token: u.token })).status, 404);
  });

  it('refuses a route defined twice', () => {
    const handle = () => undefined;
    assert.throws(
      () => new Router([{ method: 'GET', path: '/a/:id', handle }, { method: 'GET', path: '/a/:id', handle }], handle),
      /route defined twice: GET \/a\/:id/,
    );
  });

  it('is documented: every route and every option has its row in test/emulator/README.md', () => {
    for (const route of API_ROUTES) assert.ok(README.includes(`| ${route.method} | \`${route.path}\` |`), `${route.method} ${route.path} missing from README`);
    for (const key of Object.keys(DEFAULT_OPTIONS)) assert.ok(README.includes(`| \`${key}\` |`), `option ${key} missing from README`);
  });
});
