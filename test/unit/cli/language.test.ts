import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { configureL10n, languageFromEnv } from '../../../src/cli/language';

describe('cli language', () => {
  it('follows LC_ALL, then LC_MESSAGES, then LANG', () => {
    assert.equal(languageFromEnv({ LANG: 'zh_CN.UTF-8' }), 'zh');
    assert.equal(languageFromEnv({ LANG: 'zh_TW' }), 'zh');
    assert.equal(languageFromEnv({ LANG: 'en_US.UTF-8' }), 'en');
    assert.equal(languageFromEnv({}), 'en');
    assert.equal(languageFromEnv({ LC_ALL: 'en_GB', LANG: 'zh_CN' }), 'en');
    assert.equal(languageFromEnv({ LC_MESSAGES: 'zh_CN', LANG: 'en_US' }), 'zh');
  });

  it('loads bundle.l10n.zh-cn.json for zh when the bundle exists, and nothing otherwise', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nemo-l10n-'));
    try {
      configureL10n('zh', dir); // no bundle: nothing loaded, no error
      await fs.writeFile(path.join(dir, 'bundle.l10n.zh-cn.json'), JSON.stringify({ 'Run nemo export again.': '请再次运行 nemo export。' }));
      configureL10n('en', dir);
      assert.equal(l10n.t('Run nemo export again.'), 'Run nemo export again.');
      configureL10n('zh', dir);
      assert.equal(l10n.t('Run nemo export again.'), '请再次运行 nemo export。');
    } finally {
      l10n.config({ contents: {} });
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
