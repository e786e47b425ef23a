import '../../support/vscode/register';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import manifest from '../../../package.json';
import { readSettings } from '../../../src/extension/core/settings';
import * as stub from '../../support/vscode/index';

const declared = manifest.contributes.configuration.properties as Record<string, { default?: unknown }>;

describe('extension: settings as VS Code answers them (the stand-in reads package.json)', () => {
  beforeEach(() => stub.resetConfig());
  after(() => stub.resetConfig());

  it('answers a setting nobody set with the default package.json declares, and inspect() tells the two apart', () => {
    const config = vscode.workspace.getConfiguration('nemo');
    for (const [key, spec] of Object.entries(declared)) {
      if (!Object.hasOwn(spec, 'default')) continue;
      const name = key.slice('nemo.'.length);
      assert.deepEqual(config.get(name), spec.default, key);
      assert.deepEqual(config.get(name, 'the caller’s fallback'), spec.default, `${key}: a declared default beats the caller's`);
      assert.deepEqual(config.inspect(name), { key, defaultValue: spec.default }, key);
    }
    assert.deepEqual(readSettings(), {
      apiBaseUrl: declared['nemo.apiBaseUrl'].default,
      webBaseUrl: declared['nemo.webBaseUrl'].default,
      exportFolder: declared['nemo.exportFolder'].default,
      language: declared['nemo.language'].default,
      pollIntervalSeconds: undefined,
      ffmpegPath: '',
      localExportScale: 'fit',
      streamSilenceSeconds: undefined,
      streamMaxSeconds: undefined,
    });

    stub.setConfig('nemo.exportFolder', 'renders');
    assert.equal(vscode.workspace.getConfiguration('nemo').get('exportFolder'), 'renders');
    assert.deepEqual(vscode.workspace.getConfiguration('nemo').inspect('exportFolder'), { key: 'nemo.exportFolder', defaultValue: 'videos', globalValue: 'renders' });
    assert.equal(vscode.workspace.getConfiguration().get('nemo.exportFolder'), 'renders', 'the same value through the full key');
  });

  it('answers a number setting without a declared default with 0, as VS Code does; Nemo reads what the person set, so unset means the adaptive schedule and the documented stream limits', () => {
    const config = vscode.workspace.getConfiguration('nemo');
    for (const key of ['pollIntervalSeconds', 'streamSilenceSeconds', 'streamMaxSeconds']) {
      assert.equal(Object.hasOwn(declared[`nemo.${key}`], 'default'), false, `package.json must not declare a default for nemo.${key}`);
      assert.equal(config.get(key), 0, `nemo.${key}: the type's empty value (a 0 taken at its word refused every turn in code-server)`);
      assert.deepEqual(config.inspect(key), { key: `nemo.${key}`, defaultValue: 0 });
    }
    const unset = readSettings();
    assert.equal(unset.pollIntervalSeconds, undefined);
    assert.equal(unset.streamSilenceSeconds, undefined);
    assert.equal(unset.streamMaxSeconds, undefined);

    stub.setConfig('nemo.pollIntervalSeconds', 4);
    stub.setConfig('nemo.streamSilenceSeconds', 0);
    assert.equal(readSettings().pollIntervalSeconds, 4);
    assert.equal(readSettings().streamSilenceSeconds, 0, 'a 0 the person set is theirs (refused with words), not taken for unset');
  });

  it('knows the editor\'s own http.proxy default (empty), so the environment decides the proxy', () => {
    assert.equal(vscode.workspace.getConfiguration('http').get('proxy'), '');
  });
});
