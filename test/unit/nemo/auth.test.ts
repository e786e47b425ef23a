import assert from 'node:assert/strict';
import { getCredits } from '../../../src/nemo/credits';
import { platformFromAppName } from '../../../src/nemo/headers';
import { startEmulator, type Emulator } from '../../emulator';
import { makeTransport } from '../../support/client';
import { MemoryIdStore } from '../../support/stores';

const TOKEN_PATH = '/api/auth/anonymous-token';

describe('auth: when a token is asked for', () => {
  let emu: Emulator;
  before(async () => (emu = await startEmulator()));
  after(() => emu.close());
  beforeEach(() => emu.reset());
  const tokenRequests = () => emu.requests.filter((r) => r.path === TOKEN_PATH).length;

  it('uses a stored, unexpired token without asking for one', async () => {
    const issued = emu.issueToken();
    const t = makeTransport(emu, { clientIds: new MemoryIdStore(issued.clientId) });
    await t.kit.tokens.set(t.baseUrl, { token: issued.token, userId: issued.userId, anonymous: true, expiresAt: new Date(Date.now() + 3600_000).toISOString() });
    await getCredits(t);
    assert.equal(tokenRequests(), 0);
  });

  it('asks for a new one, for the same client id, when the stored one has expired (expires_at)', async () => {
    const issued = emu.issueToken();
    const t = makeTransport(emu, { clientIds: new MemoryIdStore(issued.clientId) });
    await t.kit.tokens.set(t.baseUrl, { token: issued.token, anonymous: true, expiresAt: new Date(Date.now() - 1000).toISOString() });
    await getCredits(t);
    assert.equal(tokenRequests(), 1);
    assert.equal(emu.requests[0].headers['x-client-id'], issued.clientId);
    assert.notEqual(t.kit.tokens.byBase.get(t.baseUrl)?.token, issued.token);
  });

  it('concurrent requests refused with 1001 share one re-acquisition', async () => {
    const t = makeTransport(emu);
    await getCredits(t);
    emu.expireToken(t.kit.tokens.byBase.get(t.baseUrl)?.token ?? '');
    const results = await Promise.all([getCredits(t), getCredits(t), getCredits(t)]);
    assert.equal(results.length, 3);
    assert.equal(tokenRequests(), 2);
  });
});

describe('platformFromAppName', () => {
  it('maps host application names to the attribution platform', () => {
    assert.equal(platformFromAppName('Visual Studio Code'), 'vscode');
    assert.equal(platformFromAppName('Visual Studio Code - Insiders'), 'vscode');
    assert.equal(platformFromAppName('Cursor'), 'cursor');
    assert.equal(platformFromAppName('VSCodium'), 'vscodium');
    assert.equal(platformFromAppName('code-server'), 'code-server');
    assert.equal(platformFromAppName('Windsurf'), 'unknown');
  });
});
