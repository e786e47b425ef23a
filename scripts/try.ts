// `npm run try`: the real extension in a real VS Code, for a person. Starts the emulator and a
// code-server with the packaged extension installed and nemo.apiBaseUrl pointed at the emulator,
// opens a scratch workspace with a few media files, prints the URL, and stops both on Ctrl+C.
// Nothing touches your own editor: everything lives in .cache/e2e/try/.
import { join } from 'node:path';
import { startCodeServer } from './e2e/codeServer';
import { startEmulatorProcess } from './e2e/emulator';
import { run, stopAll } from './e2e/processes';
import { step } from './e2e/steps';
import { CACHE, ensureTools, REPO } from './e2e/tools';
import { packageNemo } from './e2e/vsix';
import { makeWorkspace } from './e2e/workspace';

async function main(): Promise<void> {
  const tools = await step('tools (Node 24, code-server; first time about 3 minutes)', () => ensureTools());
  await step('bundle the extension', () => run('node', ['esbuild.mjs'], { cwd: REPO }));
  const vsix = await step('package the .vsix', () => packageNemo(join(CACHE, 'try')));
  const emulator = await step('start the Nemo emulator', () => startEmulatorProcess({ name: 'try', renderMs: 5000 }));
  const workspace = await step('scratch workspace with media files', () => makeWorkspace(join(CACHE, 'try/workspace')));
  const server = await step('start code-server with the extension', () =>
    startCodeServer(tools, {
      name: 'try',
      home: join(CACHE, 'try/server'),
      workspace,
      settings: { 'nemo.apiBaseUrl': emulator.url },
      vsix: [vsix],
    }));
  process.stdout.write(
    `\n  Open ${server.workbenchUrl()}\n\n` +
      `  The Nemo API is the local emulator at ${emulator.url} (no account, no credits spent).\n` +
      `  Try "Nemo: Generate Video…" from the command palette (F1). Ctrl+C stops everything.\n\n`,
  );
  // Runs until Ctrl+C: the process-group hooks stop code-server and the emulator on the signal.
  await new Promise<never>(() => undefined);
}

main().catch(async (err: unknown) => {
  process.stderr.write(`npm run try failed: ${err instanceof Error ? err.message : String(err)}\n`);
  await stopAll();
  process.exit(1);
});
