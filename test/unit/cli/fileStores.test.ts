import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileClientIdStore, FileSessionStore, FileTokenStore } from '../../../src/cli/fileStores';
import { nemoHome } from '../../../src/cli/privateFiles';

describe('cli file stores', () => {
  let home: string;
  beforeEach(async () => {
    home = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'nemo-stores-')), 'nested', 'home');
  });
  afterEach(async () => {
    await fs.rm(path.dirname(path.dirname(home)), { recursive: true, force: true });
  });

  it('keeps tokens per API base in a 0600 file inside a 0700 folder it creates', async () => {
    const store = new FileTokenStore(home);
    assert.equal(await store.get('https://a.example'), undefined);
    await store.set('https://a.example', { token: 'nmv_usr_a', userId: 'anon_1', expiresAt: '2030-01-01T00:00:00Z', anonymous: true });
    await store.set('http://127.0.0.1:9', { token: 'nmv_usr_b', anonymous: true });
    assert.deepEqual(await new FileTokenStore(home).get('https://a.example'),
      { token: 'nmv_usr_a', userId: 'anon_1', expiresAt: '2030-01-01T00:00:00Z', anonymous: true });
    assert.equal((await store.get('http://127.0.0.1:9'))?.token, 'nmv_usr_b');
    assert.equal((await fs.stat(path.join(home, 'tokens.json'))).mode & 0o777, 0o600);
    assert.equal((await fs.stat(home)).mode & 0o777, 0o700);
    await store.delete('https://a.example');
    assert.equal(await store.get('https://a.example'), undefined);
    assert.equal((await store.get('http://127.0.0.1:9'))?.token, 'nmv_usr_b');
    // No temp files are left beside the target.
    assert.deepEqual((await fs.readdir(home)).sort(), ['tokens.json']);
  });

  it('treats a damaged or hand-edited file as empty instead of failing', async () => {
    await fs.mkdir(home, { recursive: true });
    await fs.writeFile(path.join(home, 'tokens.json'), '{not json');
    const store = new FileTokenStore(home);
    assert.equal(await store.get('https://a.example'), undefined);
    await fs.writeFile(path.join(home, 'tokens.json'), JSON.stringify({ 'https://a.example': { token: 42 } }));
    assert.equal(await store.get('https://a.example'), undefined);
    await store.set('https://a.example', { token: 't', anonymous: true });
    assert.equal((await store.get('https://a.example'))?.token, 't');
  });

  it('keeps the client id across store instances', async () => {
    assert.equal(await new FileClientIdStore(home).get(), undefined);
    await new FileClientIdStore(home).set('3f1c0b7e-1111-4222-8333-444455556666');
    assert.equal(await new FileClientIdStore(home).get(), '3f1c0b7e-1111-4222-8333-444455556666');
    assert.equal((await fs.stat(path.join(home, 'client-id.json'))).mode & 0o777, 0o600);
  });

  it('keeps one session per working directory and API base', async () => {
    const a = new FileSessionStore(home, 'https://a.example', '/work/one');
    const b = new FileSessionStore(home, 'https://a.example', '/work/two');
    const c = new FileSessionStore(home, 'https://b.example', '/work/one');
    await a.set('1001');
    await b.set('2002');
    assert.equal(await a.get(), '1001');
    assert.equal(await new FileSessionStore(home, 'https://a.example', '/work/one/../one').get(), '1001');
    assert.equal(await b.get(), '2002');
    assert.equal(await c.get(), undefined);
    await a.set('3003');
    assert.equal(await a.get(), '3003');
    assert.equal(await b.get(), '2002');
  });

  it('finds its home in NEMO_HOME, else ~/.config/nemo', () => {
    assert.equal(nemoHome({ NEMO_HOME: '/tmp/x' }), '/tmp/x');
    assert.equal(nemoHome({}), path.join(os.homedir(), '.config', 'nemo'));
  });
});
