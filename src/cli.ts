// The `nemo` command: the terminal twin of the extension, on the same client (src/nemo) and the same
// wording (src/chat). esbuild bundles this file to dist/cli.js with a shebang.
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { runCli } from './cli/run';

const interrupt = new AbortController();
// First Ctrl-C: stop cleanly (close the stream, cancel a running render, remove the partial
// download). A second one: Node's default. A closed terminal (SIGHUP) or a `kill` (SIGTERM) is a
// request to stop too, and without a handler Node would die at once and leave a hidden .part file.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => interrupt.abort(signal));

let settled = false;
// The loop ran dry while the work was still pending (a promise nothing will ever settle): without
// this, Node would end with exit code 0 and print nothing, a silent false success.
process.once('beforeExit', () => {
  if (settled) return;
  process.stderr.write(`nemo: ${l10n.t('internal error: the command stopped before its work was done.')}\n`);
  process.exitCode = 1;
});

runCli({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  stdio: { stdin: process.stdin, stdout: process.stdout },
  // dist/cli.js and src/cli.ts both sit one level below the project root.
  l10nDir: path.join(__dirname, '..', 'l10n'),
  signal: interrupt.signal,
}).then(
  (code) => {
    settled = true;
    // No process.exit(): stdout may still be draining into a pipe. Nothing else keeps the loop
    // alive (the undici Agent is closed), so the process ends as soon as the output is written.
    process.exitCode = code;
  },
  (e: unknown) => {
    settled = true;
    process.stderr.write(`nemo: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
