// `npm run test:electron`: the in-editor suite in a downloaded VS Code (Electron), for machines
// that can reach the VS Code download servers. Here and in CI the same suite runs inside
// code-server instead (`npm run test:e2e`). Both point the extension at a fresh emulator through
// the same settings, in a user-data dir of their own.
import { runTests } from '@vscode/test-electron';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulatorProcess } from '../../scripts/e2e/emulator';
import { buildIntegrationSuite } from '../../scripts/e2e/integrationBuild';
import { stopAll } from '../../scripts/e2e/processes';
import { REPO, runDir } from '../../scripts/e2e/tools';
import { makeWorkspace } from '../../scripts/e2e/workspace';
import { nemoSettings } from '../e2e/harness';

async function main(): Promise<void> {
  const extensionTestsPath = await buildIntegrationSuite();
  const dir = runDir();
  const workspace = await makeWorkspace(join(dir, 'workspace'));
  const emulator = await startEmulatorProcess({ name: 'electron' });
  const userDataDir = join(dir, 'user-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User/settings.json'), JSON.stringify(nemoSettings(emulator.url), null, 2));
  await runTests({
    extensionDevelopmentPath: REPO,
    extensionTestsPath,
    extensionTestsEnv: { NEMO_API_BASE: emulator.url },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', userDataDir],
  });
}

main()
  .then(() => 0, (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    return 1;
  })
  .then(async (code) => {
    await stopAll();
    process.exit(code);
  });
