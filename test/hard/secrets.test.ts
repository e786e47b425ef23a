// Defect 11 (the URL half): a rejected --api-base / NEMO_API_BASE was echoed whole, userinfo and
// query included. The words name what is wrong with the address, never its credentials.
import { strict as assert } from 'node:assert';
import { hard } from './ledger';
import { cliWorld } from './world';

const SECRET_BASES = [
  'http://user:s3cret-pw@api.example.com/?token=nmv_usr_leak',
  'https://user:s3cret-pw@api.example.com/',
  'https://api.example.com/?token=nmv_usr_leak',
  'not a url s3cret-pw nmv_usr_leak',
];

describe('hard: no credentials echoed from an API address (CLI)', function () {
  this.timeout(60_000);
  const w = cliWorld();

  for (const base of SECRET_BASES) {
    hard('secrets', `--api-base ${JSON.stringify(base)} is refused without echoing its secrets`, async () => {
      const r = await w.run(['--api-base', base, 'credits']);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /API address/);
      assert.doesNotMatch(r.stdout + r.stderr, /s3cret-pw|nmv_usr_leak/);
    });
  }

  hard('secrets', 'NEMO_API_BASE with userinfo and a query is refused without echoing them', async () => {
    const r = await w.run(['credits'], { env: { NEMO_API_BASE: SECRET_BASES[0] } });
    assert.equal(r.code, 2);
    assert.doesNotMatch(r.stdout + r.stderr, /s3cret-pw|nmv_usr_leak/);
  });
});
