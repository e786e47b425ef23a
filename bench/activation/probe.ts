// One activation in a fresh process (bundled to plain JS by activation.ts, so no TypeScript loader
// sits in the way of the timed require). `node probe.cjs extension <vscode stand-in> <bundle>` or
// `node probe.cjs require <bundle>`; prints RESULT {...}.
import { mkdtempSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

interface StandIn {
  makeContext(storage: unknown, extensionDir: string): { subscriptions: unknown[] };
}
interface ExtensionModule {
  activate(context: unknown): unknown;
}

const load = createRequire(__filename);

function loadedClient(): boolean {
  return Object.keys(load.cache).some((k) => k.endsWith(`${'/'}client.js`));
}

async function extension(standInPath: string, bundle: string): Promise<Record<string, unknown>> {
  // `vscode` is provided by the editor, already loaded: resolve it to the stand-in and load that
  // before the clock starts.
  const mod = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = mod._resolveFilename;
  mod._resolveFilename = function (request: string, ...rest: unknown[]): string {
    return request === 'vscode' ? standInPath : original.call(this, request, ...rest);
  };
  const vscode = load(standInPath) as StandIn;
  const storageDir = mkdtempSync(join(tmpdir(), 'nemo-bench-activation-'));
  try {
    const storage = { workspaceState: new Map(), globalState: new Map(), secrets: new Map(), globalStorageDir: storageDir };
    const context = vscode.makeContext(storage, dirname(dirname(bundle)));
    const t0 = performance.now();
    const ext = load(bundle) as ExtensionModule;
    const t1 = performance.now();
    const api = ext.activate(context) as { resumed?: Promise<void> } | undefined;
    const t2 = performance.now();
    await api?.resumed;
    return { requireMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0, clientLoaded: loadedClient(), subscriptions: context.subscriptions.length };
  } finally {
    rmSync(storageDir, { recursive: true, force: true });
  }
}

function requireOnly(bundle: string): Record<string, unknown> {
  const t0 = performance.now();
  load(bundle);
  return { requireMs: performance.now() - t0 };
}

async function main(): Promise<void> {
  const [mode, a, b] = process.argv.slice(2);
  const result = mode === 'extension' ? await extension(a, b) : requireOnly(a);
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  // The extension's disposables (status bar, timers) must not keep the probe alive.
  process.exit(0);
}

void main();
