import '../../support/vscode/register';
import * as assert from 'node:assert/strict';
import { detectLanguage, detectPlatform } from '../../../src/extension/client/platform';
import { checkBaseUrl } from '../../../src/extension/core/settings';
import { chooseProxy, proxyFor } from '../../../src/nemo/proxy';
import { formatRequestLine, redact } from '../../../src/extension/core/log';

describe('extension: host detection, settings, proxy, log lines', () => {
  it('maps the host application to the attribution platform', () => {
    const cases: [string, string, string][] = [
      ['Visual Studio Code', 'vscode', 'vscode'],
      ['Visual Studio Code - Insiders', 'vscode-insiders', 'vscode'],
      ['Cursor', 'cursor', 'cursor'],
      ['VSCodium', 'vscodium', 'vscodium'],
      ['code-server', 'code-oss', 'code-server'], // code-server: the name decides, the scheme is code-oss
      ['Code - OSS', 'code-oss', 'unknown'],
      ['Windsurf', 'windsurf', 'unknown'],
    ];
    for (const [appName, scheme, want] of cases) assert.equal(detectPlatform(appName, scheme), want, `${appName} / ${scheme}`);
  });

  it('takes the session language from the setting, else the display language', () => {
    assert.equal(detectLanguage('auto', 'zh-cn'), 'zh');
    assert.equal(detectLanguage(undefined, 'zh-tw'), 'zh');
    assert.equal(detectLanguage('auto', 'en-US'), 'en');
    assert.equal(detectLanguage('en', 'zh-cn'), 'en');
    assert.equal(detectLanguage('zh', 'en'), 'zh');
    assert.equal(detectLanguage('auto', ''), 'en');
  });

  it('accepts https and local http API bases only', () => {
    assert.deepEqual(checkBaseUrl('https://mega-api-prod.nemovideo.ai/'), { ok: true, url: 'https://mega-api-prod.nemovideo.ai' });
    assert.equal(checkBaseUrl('http://127.0.0.1:4100').ok, true);
    assert.equal(checkBaseUrl('http://localhost:4100').ok, true);
    for (const bad of ['http://example.com', 'http://10.0.0.5:80', 'ftp://x', 'not a url', 'https://u:p@host', 'https://h/?token=x']) {
      const r = checkBaseUrl(bad);
      assert.equal(r.ok, false, bad);
    }
    const refused = checkBaseUrl('http://api.example.com');
    assert.ok(!refused.ok && /https/.test(refused.reason));
  });

  it('chooses a proxy from http.proxy, else the environment, never for this machine', () => {
    assert.equal(chooseProxy(undefined, {}), undefined);
    assert.deepEqual(chooseProxy('http://proxy:3128', { NO_PROXY: 'corp.local' }), {
      httpProxy: 'http://proxy:3128', httpsProxy: 'http://proxy:3128', noProxy: 'corp.local,localhost,127.0.0.1,::1',
    });
    const fromEnv = chooseProxy('', { https_proxy: 'http://p:1' });
    assert.equal(fromEnv?.httpsProxy, 'http://p:1');
    assert.match(fromEnv?.noProxy ?? '', /127\.0\.0\.1/);
  });

  it('says which proxy a request to the API base really goes through (NO_PROXY and this machine go direct)', () => {
    const choice = chooseProxy(undefined, { HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://q:2', NO_PROXY: '.corp.example, internal:8443' });
    assert.equal(proxyFor(choice, 'https://mega-api-prod.nemovideo.ai'), 'http://p:1');
    assert.equal(proxyFor(choice, 'http://localhost:8080'), undefined);
    assert.equal(proxyFor(choice, 'http://127.0.0.1:8080'), undefined);
    assert.equal(proxyFor(choice, 'https://api.corp.example'), undefined);
    assert.equal(proxyFor(choice, 'https://internal:8443'), undefined);
    assert.equal(proxyFor(choice, 'https://internal'), 'http://p:1', 'another port is not covered');
    assert.equal(proxyFor(chooseProxy(undefined, { HTTPS_PROXY: 'http://p:1', NO_PROXY: '*' }), 'https://x.y'), undefined);
    assert.equal(proxyFor(undefined, 'https://x.y'), undefined);
  });

  it('writes one line per request and redacts anything that looks like a token', () => {
    assert.equal(formatRequestLine({ method: 'GET', path: '/api/credits/balance/simple', status: 200, ms: 12.4 }), 'GET /api/credits/balance/simple 200 12ms');
    const text = redact('failed: Bearer abc.def-123 and nmv_usr_secret and mysecrettoken', ['mysecrettoken']);
    assert.doesNotMatch(text, /abc\.def|nmv_usr_secret|mysecrettoken/);
  });
});
