// The layer rules live in eslint.config.mjs; this proves they bite, so a config edit cannot quietly
// switch them off while `npm run lint` stays green.
import assert from 'node:assert/strict';
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.join(__dirname, '../../..');

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering (eslint)', function () {
  this.timeout(60_000);

  for (const file of ['src/nemo/probe.ts', 'src/draft/probe.ts', 'src/chat/probe.ts', 'src/cli/probe.ts', 'src/shared/probe.ts']) {
    it(`refuses vscode in ${path.dirname(file)}/`, async () => {
      const messages = await restrictedImports(file, "import * as vscode from 'vscode';\nexport const v = vscode;\n");
      assert.equal(messages.length, 1, file);
      assert.match(messages[0], /Only src\/extension\/ may import vscode/);
    });
  }

  it('allows vscode in src/extension/', async () => {
    assert.deepEqual(await restrictedImports('src/extension/probe.ts', "import * as vscode from 'vscode';\nexport const v = vscode;\n"), []);
  });

  for (const spec of ['../nemo', '../draft', '../chat/intent', '../extension/log', 'node:fs', 'undici']) {
    it(`keeps the webview page off ${spec}`, async () => {
      const messages = await restrictedImports('src/webview/probe.ts', `import * as m from '${spec}';\nexport const v = m;\n`);
      assert.equal(messages.length, 1, spec);
    });
  }

  it('lets the webview page use src/shared', async () => {
    assert.deepEqual(await restrictedImports('src/webview/probe.ts', "import * as p from '../shared/protocol';\nexport const v = p;\n"), []);
  });
});
