// The mocha loader VS Code calls inside an extension host (`extensionTestsPath`). Both runners use
// it: `npm run test:electron` (@vscode/test-electron) and the code-server payload run of
// `npm run test:e2e`. The suite lives once, in suite/*.itest.ts, compiled next to this file.
import MochaImport from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// mocha 12 is an ES module loaded through require(esm): its class is the namespace's default.
const Mocha = (MochaImport as unknown as { default?: typeof MochaImport }).default ?? MochaImport;

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.NEMO_ITEST_GREP;
  if (grep) mocha.grep(grep);
  const dir = join(__dirname, 'suite');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.itest.js')).sort()) mocha.addFile(join(dir, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} integration test(s) failed`)) : resolve()));
  });
}
