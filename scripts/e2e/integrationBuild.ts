// Compiles the in-editor mocha suite (test/integration) into out/test/integration/, the one build
// both runners load: @vscode/test-electron and the code-server payload.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './tools';

export const INTEGRATION_OUT = join(REPO, 'out/test/integration');

/** Returns the path of the compiled loader (what `extensionTestsPath` names). */
export async function buildIntegrationSuite(): Promise<string> {
  const src = join(REPO, 'test/integration');
  const suiteDir = join(src, 'suite');
  const suite = existsSync(suiteDir) ? readdirSync(suiteDir).filter((f) => f.endsWith('.itest.ts')).map((f) => join(suiteDir, f)) : [];
  // Compiled tests whose source is gone must not run; the folder itself is not wiped, as another
  // run may be loading it at this moment.
  const outSuite = join(INTEGRATION_OUT, 'suite');
  const wanted = new Set(suite.map((f) => f.replace(/^.*\//, '').replace(/\.ts$/, '.js')));
  if (existsSync(outSuite)) for (const f of readdirSync(outSuite)) if (!wanted.has(f)) rmSync(join(outSuite, f), { force: true });
  await esbuild.build({
    entryPoints: [join(src, 'index.ts'), ...suite],
    outbase: src,
    outdir: INTEGRATION_OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // vscode is the host's; mocha must be the same instance the loader created (its globals).
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(INTEGRATION_OUT, 'index.js');
}
