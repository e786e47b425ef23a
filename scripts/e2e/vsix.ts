// Packages what code-server installs: the real extension exactly as a person would get it (vsce,
// from the repository), and the test-only stub language model (never part of the Nemo package).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './processes';
import { REPO } from './tools';

const VSCE = join(REPO, 'node_modules/.bin/vsce');

/**
 * `vsce package` runs the `vscode:prepublish` script, so the bundles are fresh. NEMO_E2E_VSIX names
 * an already packaged file instead (a CI artifact, or a release candidate to check).
 */
export async function packageNemo(outDir: string): Promise<string> {
  const given = process.env.NEMO_E2E_VSIX;
  if (given) return given;
  const out = join(outDir, 'nemo.vsix');
  rmSync(out, { force: true });
  await run(VSCE, ['package', '--no-dependencies', '--out', out], { cwd: REPO });
  return out;
}

export async function packageStubModel(outDir: string): Promise<string> {
  const src = join(REPO, 'test/e2e/fixtures/stub-lm');
  const dir = join(outDir, 'fixtures/stub-lm');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(src, 'package.json'), join(dir, 'package.json'));
  await esbuild.build({
    entryPoints: [join(src, 'extension.ts')],
    outfile: join(dir, 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  const out = join(outDir, 'e2e-stub-lm.vsix');
  await run(VSCE, ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out], { cwd: dir });
  return out;
}
