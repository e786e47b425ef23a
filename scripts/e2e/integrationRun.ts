// Runs the in-editor mocha suite inside code-server's Node extension host, as @vscode/test-electron
// would inside Electron: smoke-test mode lets the web workbench take a `payload` naming the
// extension under development and the tests, and report the suite's output and exit code through
// two functions the page calls (codeAutomationLog / codeAutomationExit).
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import type { Browser } from 'playwright-core';
import { startCodeServer } from './codeServer';
import { note, waitUntil } from './steps';
import { RESULTS, type Tools } from './tools';

const WORKBENCH_NOISE = /^\[(AgentHost(:\w+)?|AccountPolicyGate|Service Worker|reconnection-grace-time)\]|^(Resolv(ing|ed) connection token|Creating a socket|Updating additional builtin)/;

export interface PayloadRunOptions {
  home: string;
  workspace: string;
  extensionDevelopmentPath: string; // absolute folder with the extension's package.json
  extensionTestsPath: string; // absolute path of the compiled loader (test/integration/index.ts)
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  timeoutMs?: number;
}

export async function runSuiteInCodeServer(tools: Tools, browser: Browser, opts: PayloadRunOptions): Promise<{ exitCode: number; log: string }> {
  const server = await startCodeServer(tools, {
    name: 'integration',
    home: opts.home,
    workspace: opts.workspace,
    env: opts.env,
    settings: opts.settings,
    smokeTest: true,
  });
  mkdirSync(join(RESULTS, 'logs'), { recursive: true });
  const logFile = createWriteStream(join(RESULTS, 'logs', 'integration-suite.log'));
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const lines: string[] = [];
    let exitCode: number | undefined;
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      // The extension host forwards console calls with their printf-style format string first.
      const line = format(...(Array.isArray(args) ? args : [args]));
      logFile.write(`[${type}] ${line}\n`);
      // The suite's reporter writes through console.log (forwarded as 'log' or 'info'); workbench
      // noise (gallery lookups without internet, sign-in probes, connection chatter) stays in the file.
      if ((type !== 'log' && type !== 'info') || WORKBENCH_NOISE.test(line)) return;
      lines.push(line);
      process.stdout.write(`    │ ${line.replace(/\n/g, '\n    │ ')}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => {
      exitCode = code;
    });
    const remote = (path: string) => `vscode-remote://127.0.0.1:${server.port}${path}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(opts.extensionDevelopmentPath)],
      ['extensionTestsPath', remote(opts.extensionTestsPath)],
    ]);
    note(`payload run of ${opts.extensionTestsPath}`);
    await page.goto(server.workbenchUrl({ payload }));
    await waitUntil('the integration suite to finish (codeAutomationExit)', () => exitCode, opts.timeoutMs ?? 180_000, 250);
    return { exitCode: exitCode ?? 1, log: lines.join('\n') };
  } finally {
    logFile.end();
    await context.close();
    await server.stop();
  }
}
