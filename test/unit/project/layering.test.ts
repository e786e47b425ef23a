// The layer rules live in eslint.config.mjs (one row per layer of docs/ARCHITECTURE.md); this
// proves each bites, so a config edit cannot quietly switch one off while `npm run lint` stays
// green. The cases are written out here, not derived from the config, so a wrong row fails.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';

const root = path.join(__dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function restrictedImports(file: string, importLine: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${importLine}\nexport const v = m;\n`, { filePath: path.join(root, file) });
  const other = result.messages.filter((m) => m.ruleId !== 'no-restricted-imports' && m.severity === 2 && m.ruleId !== null);
  assert.deepEqual(other, [], `the probe itself must be clean: ${JSON.stringify(other)}`);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const value = (spec: string) => `import * as m from '${spec}';`;
const typeOnly = (spec: string) => `import type * as M from '${spec}';\nconst m: M.X | undefined = undefined;`;

/** [probe file, import line, refused?] */
const CASES: [string, string, boolean][] = [
  // src/draft: nothing of ours
  ['src/draft/probe.ts', value('../nemo'), true],
  ['src/draft/probe.ts', value('../chat/intent'), true],
  ['src/draft/probe.ts', value('../shared/guards'), true],
  ['src/draft/probe.ts', typeOnly('../nemo'), true],
  ['src/draft/probe.ts', value('./model'), false],
  // src/shared: nothing at all, and it runs in the browser
  ['src/shared/probe.ts', value('../draft'), true],
  ['src/shared/probe.ts', value('node:fs'), true],
  ['src/shared/probe.ts', value('undici'), true],
  // src/nemo: src/draft only
  ['src/nemo/probe.ts', value('../draft/model'), false],
  ['src/nemo/probe.ts', value('../chat'), true],
  ['src/nemo/probe.ts', value('../extension/log'), true],
  ['src/nemo/probe.ts', value('../shared/protocol'), true],
  // src/chat: the error kinds and accepted formats of src/nemo, only types of the rest of it; src/draft whole
  ['src/chat/probe.ts', value('../nemo/errors'), false],
  ['src/chat/probe.ts', value('../nemo/fileTypes'), false],
  ['src/chat/probe.ts', value('../nemo/client'), true],
  ['src/chat/probe.ts', value('../nemo'), true],
  ['src/chat/probe.ts', typeOnly('../nemo/turnRunner'), false],
  ['src/chat/probe.ts', value('../draft'), false],
  ['src/chat/probe.ts', value('../extension/log'), true],
  // src/cli and src/cli.ts: the client, the model, the words
  ['src/cli/commands/probe.ts', value('../../nemo/client'), false],
  ['src/cli/commands/probe.ts', value('../../chat'), false],
  ['src/cli/commands/probe.ts', value('../../extension/main'), true],
  ['src/cli/probe.ts', value('../webview/main'), true],
  ['src/cli/commands/probe.ts', value('../../tools/catalog'), false],
  ['src/cli/commands/probe.ts', value('../../localRender/plan'), false],
  ['src/cli/probe.ts', value('../shared/protocol'), true],
  ['src/cli.ts', value('./cli/run'), false],
  ['src/cli.ts', value('./extension/main'), true],
  // src/extension: types of the client everywhere, its values only through lazyNemo's require
  ['src/extension/probe.ts', value('../nemo'), true],
  ['src/extension/probe.ts', value('../nemo/client'), true],
  ['src/extension/client/lazyNemo.ts', value('../../nemo'), true],
  ['src/extension/export/probe.ts', value('../../nemo/exporter'), true],
  ['src/extension/a/b/probe.ts', value('../../../nemo'), true],
  ['src/extension/probe.ts', typeOnly('../nemo'), false],
  ['src/extension/export/probe.ts', typeOnly('../../nemo/exporter'), false],
  ['src/extension/probe.ts', value('../nemo/errors'), false],
  ['src/extension/auth/probe.ts', value('../../nemo/urls'), false],
  ['src/extension/probe.ts', value('../nemo/fileTypes'), false],
  ['src/extension/tools/probe.ts', value('../../tools/catalog'), true],
  ['src/extension/tools/probe.ts', typeOnly('../../tools/catalog'), false],
  ['src/extension/export/probe.ts', value('../../localRender'), true],
  ['src/extension/export/probe.ts', typeOnly('../../localRender'), false],
  ['src/extension/probe.ts', value('undici'), true],
  ['src/extension/probe.ts', typeOnly('undici'), false],
  ['src/extension/probe.ts', value('eventsource-parser'), true],
  ['src/extension/probe.ts', value('../cli/run'), true],
  ['src/extension/probe.ts', value('../webview/main'), true],
  ['src/extension/timeline/probe.ts', value('../../shared/protocol'), false],
  ['src/extension/chat/probe.ts', value('../../chat'), false],
  ['src/extension/chat/probe.ts', value('../export/flow'), false],
  ['src/extension/probe.ts', value('vscode'), false],
  // src/webview: src/shared only, no Node, no client
  ['src/webview/probe.ts', value('../shared/protocol'), false],
  ['src/webview/probe.ts', value('../nemo'), true],
  ['src/webview/probe.ts', value('../draft'), true],
  ['src/webview/probe.ts', value('../chat/intent'), true],
  ['src/webview/probe.ts', value('../extension/log'), true],
  ['src/webview/probe.ts', value('node:fs'), true],
  ['src/webview/probe.ts', value('undici'), true],
  // src/localRender: src/draft and src/nemo
  ['src/localRender/probe.ts', value('../draft'), false],
  ['src/localRender/probe.ts', value('../nemo/client'), false],
  ['src/localRender/probe.ts', value('../chat'), true],
  ['src/localRender/probe.ts', value('../extension/log'), true],
  ['src/localRender/probe.ts', value('../tools/catalog'), true],
  // src/tools: the client, the words, the model, local renders
  ['src/tools/probe.ts', value('../nemo'), false],
  ['src/tools/probe.ts', value('../chat'), false],
  ['src/tools/probe.ts', value('../draft'), false],
  ['src/tools/probe.ts', value('../localRender/plan'), false],
  ['src/tools/probe.ts', value('../extension/log'), true],
  ['src/tools/probe.ts', value('../cli/run'), true],
];

const LAYERS_WITHOUT_VSCODE = ['draft', 'shared', 'nemo', 'chat', 'cli', 'webview', 'localRender', 'tools'];

describe('layering (eslint)', function () {
  this.timeout(60_000);

  for (const [file, line, refused] of CASES) {
    it(`${refused ? 'refuses' : 'allows'} ${line.split('\n')[0]} in ${file}`, async () => {
      const messages = await restrictedImports(file, line);
      if (refused) {
        assert.equal(messages.length, 1, `expected a refusal: ${messages.join(' | ')}`);
        assert.match(messages[0], /may import .*\(layer table, docs\/ARCHITECTURE\.md\)/);
      } else {
        assert.deepEqual(messages, []);
      }
    });
  }

  for (const layer of LAYERS_WITHOUT_VSCODE) {
    it(`refuses vscode in src/${layer}/`, async () => {
      const messages = await restrictedImports(`src/${layer}/deep/probe.ts`, value('vscode'));
      assert.equal(messages.length, 1);
      assert.match(messages[0], /Only src\/extension\/ may import vscode/);
    });
  }

  it('has a row for every folder of src/ (a new layer must say what it may import)', async () => {
    const folders = readdirSync(path.join(root, 'src'), { withFileTypes: true }).filter((d) => d.isDirectory());
    for (const folder of folders) {
      const config = (await eslint.calculateConfigForFile(path.join(root, 'src', folder.name, 'probe.ts'))) as { rules: Record<string, unknown[]> };
      assert.match(JSON.stringify(config.rules['no-restricted-imports']), new RegExp(`src/${folder.name} may import`), folder.name);
    }
  });
});
