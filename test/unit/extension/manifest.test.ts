// The manifest and the bundle: what VS Code reads before any of our code runs.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { UPLOAD_FORMATS } from '../../../src/nemo/fileTypes';

const root = path.join(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
const nlsZh = JSON.parse(readFileSync(path.join(root, 'package.nls.zh-cn.json'), 'utf8'));

describe('extension: manifest and bundle', () => {
  it('activates on its contributions and onStartupFinished, never on *', () => {
    assert.ok(pkg.activationEvents.includes('onStartupFinished'));
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.equal(pkg.main, './dist/extension.js');
    assert.deepEqual(pkg.extensionKind, ['workspace']);
    assert.equal(pkg.capabilities.virtualWorkspaces, false);
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('nemo.apiBaseUrl'));
    assert.equal(pkg.engines.vscode, '^1.90.0');
  });

  it('contributes the participant, the commands under "Nemo" and machine-scoped API base', () => {
    const [participant] = pkg.contributes.chatParticipants;
    assert.equal(participant.id, 'nemo.nemo');
    assert.equal(participant.name, 'nemo');
    assert.deepEqual(participant.commands.map((c: { name: string }) => c.name), ['generate', 'edit', 'upload', 'export', 'credits', 'status']);
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'Nemo', c.command);
    const props = pkg.contributes.configuration.properties;
    assert.equal(props['nemo.apiBaseUrl'].scope, 'machine');
    assert.deepEqual(Object.keys(props).sort(), ['nemo.apiBaseUrl', 'nemo.exportFolder', 'nemo.language', 'nemo.pollIntervalSeconds']);
  });

  it('offers "Upload to Nemo" exactly for the 13 accepted extensions', () => {
    for (const menu of ['explorer/context', 'editor/title']) {
      const entry = pkg.contributes.menus[menu].find((m: { command: string }) => m.command === 'nemo.uploadFiles');
      const listed = /\(([^)]+)\)/.exec(entry.when)![1].split('|').sort();
      assert.deepEqual(listed, [...UPLOAD_FORMATS].sort(), menu);
      assert.match(entry.when, /resourceExtname/);
    }
  });

  it('has every %key% of the manifest in package.nls.json and its zh-cn translation', () => {
    const keys = [...JSON.stringify(pkg).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length > 20);
    for (const k of keys) {
      assert.equal(typeof nls[k], 'string', `package.nls.json: ${k}`);
      assert.equal(typeof nlsZh[k], 'string', `package.nls.zh-cn.json: ${k}`);
    }
    assert.deepEqual(Object.keys(nlsZh).sort(), Object.keys(nls).sort());
  });

  it('keeps the HTTP stack out of dist/extension.js (it loads dist/client.js lazily)', function () {
    const bundle = path.join(root, 'dist/extension.js');
    if (!existsSync(bundle)) this.skip(); // `npm test` builds first
    const text = readFileSync(bundle, 'utf8');
    assert.ok(statSync(bundle).size < 100 * 1024, `${statSync(bundle).size} bytes`);
    assert.doesNotMatch(text, /undici|eventsource-parser/);
    assert.match(text, /require\("\.\/client\.js"\)/);
  });
});

describe('extension: runtime translations', () => {
  const bundle = JSON.parse(readFileSync(path.join(root, 'l10n/bundle.l10n.json'), 'utf8')) as Record<string, string>;
  const zh = JSON.parse(readFileSync(path.join(root, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  const placeholders = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort();

  it('translates every exported string into zh-cn with the same placeholders', () => {
    assert.ok(Object.keys(bundle).length > 300);
    for (const key of Object.keys(bundle)) {
      assert.equal(typeof zh[key], 'string', `missing zh-cn: ${key}`);
      assert.deepEqual(placeholders(zh[key]), placeholders(key), key);
    }
    assert.deepEqual(Object.keys(zh).filter((k) => !(k in bundle)), [], 'no stale zh-cn entries');
  });
});
