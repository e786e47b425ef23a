// `npm run test:electron`: the in-editor suite in a downloaded VS Code (Electron), for machines
// that can reach the VS Code download servers. Here and in CI the same suite runs inside
// code-server instead (`npm run test:e2e`).
import { runTests } from '@vscode/test-electron';
import { buildIntegrationSuite } from '../../scripts/e2e/integrationBuild';
import { REPO } from '../../scripts/e2e/tools';
import { makeWorkspace } from '../../scripts/e2e/workspace';
import { join } from 'node:path';

async function main(): Promise<void> {
  const extensionTestsPath = await buildIntegrationSuite();
  const workspace = await makeWorkspace(join(REPO, '.cache/e2e/electron-workspace'));
  await runTests({
    extensionDevelopmentPath: REPO,
    extensionTestsPath,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
