// The launcher every Chromium user in the tests, the bench and the e2e harness goes through: on a
// machine without a system Chromium the npm package's build must run, so `npm test` needs nothing
// but `npm install`. (CI also runs the whole page suite with NEMO_CHROMIUM=npm.)
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { findChromium, launchChromium } from '../support/chromium';

describe('Chromium launcher (system Chromium, else the npm one)', function () {
  it('with NEMO_CHROMIUM=npm runs the build unpacked from @sparticuz/chromium, with its own libraries, and opens a page', async function () {
    const packageJson = resolve(dirname(require.resolve('@sparticuz/chromium')), '../../package.json');
    const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
    const binary = await findChromium('npm');
    assert.equal(binary.source, 'npm');
    assert.equal(binary.executablePath, resolve(__dirname, '../../.cache/chromium', version, 'chromium'));
    assert.ok(existsSync(join(binary.env.LD_LIBRARY_PATH, 'libnss3.so')), 'the NSS it needs comes with it');

    const browser = await launchChromium('npm');
    try {
      assert.equal(browser.version().split('.')[0], version.split('.')[0], "the package's major version is Chromium's");
      const page = await browser.newPage();
      await page.setContent('<p id="p">Nemo</p>');
      assert.equal(await page.textContent('#p'), 'Nemo');
    } finally {
      await browser.close();
    }
  });

  it('refuses an unknown NEMO_CHROMIUM value and says what it may be', async function () {
    await assert.rejects(findChromium('/opt/chrome'), /NEMO_CHROMIUM is "\/opt\/chrome": leave it unset .* or set it to "npm"/);
  });
});
