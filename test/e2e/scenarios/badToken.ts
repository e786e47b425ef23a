// 6. An invalid NEMO_TOKEN (the server answers 1001): a clear message, the extension keeps
//    working, and no log the editor keeps contains the token.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { step } from '../../../scripts/e2e/steps';
import type { Scenario } from '../harness';
import { logFiles, readLogs } from '../harness';
import { timeline } from '../nemoUi';

const BAD_TOKEN = 'nmv_usr_e2e0bad0token0that0the0server0refuses';
/** Nemo tokens (nmv_usr_…), and an Authorization header with its value. */
const TOKEN_LIKE = /nmv_[a-z]+_[A-Za-z0-9_-]{4,}|Bearer\s+[A-Za-z0-9._~+/=-]{8,}/g;

export const badToken: Scenario = {
  name: '6-bad-token',
  async run(e2e) {
    const { wb, server } = await e2e.launch('bad-token', { env: { NEMO_TOKEN: BAD_TOKEN } });

    const message = await step('Nemo: Show Credits with the refused token', async () => {
      await wb.runCommand('Nemo: Show Credits');
      return wb.waitForNotification(/NEMO_TOKEN/, 30_000);
    });
    assert.match(message, /refused|invalid|expired/i, `the message says what is wrong: ${message}`);
    assert.ok(!message.includes(BAD_TOKEN), 'the message does not repeat the token');
    await wb.screenshot('6-bad-token');

    await step('the extension still answers: Nemo: Show Timeline opens the panel', async () => {
      await wb.runCommand('Nemo: Show Timeline');
      await timeline(wb).locator('.timeline').waitFor({ timeout: 20_000 });
    });
    await step('Nemo: Show Log', async () => {
      await wb.runCommand('Nemo: Show Log');
      await wb.page.locator('.output-view, .panel .output').first().waitFor({ timeout: 10_000 });
    });

    const requests = await e2e.emulator.requests();
    assert.ok(requests.some((r) => r.status === 401 || r.status === 200), 'the extension reached the emulator');
    assert.ok(!requests.some((r) => r.path.includes('anonymous-token')), 'with NEMO_TOKEN set, no anonymous token is asked for');
    assert.ok(requests.every((r) => !r.path.includes(BAD_TOKEN)), 'the token never travels in a URL');
    const nemoLog = logFiles(server).find((f) => f.endsWith('/Nemo.log'));
    assert.ok(nemoLog, 'the extension keeps its "Nemo" log');
    assert.match(readFileSync(nemoLog, 'utf8'), /credits.*401/, 'the Nemo log records the refused request');
    const logs = readLogs(server);
    assert.ok(!logs.includes(BAD_TOKEN), 'no log file contains the token');
    assert.ok(!/e2e0bad0token/.test(logs), 'no log file contains part of the token');
    // Nor anything shaped like a token or a credential header (another token, a header dump).
    assert.deepEqual(logs.match(TOKEN_LIKE) ?? [], [], 'no log file contains token-like text');
  },
};
