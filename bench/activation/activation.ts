// 1. Activation: `require` of dist/extension.js and `activate()` with the vscode stand-in, each
// sample in a fresh process (a cold module cache, as when the editor starts), against an empty
// bundle built with the same esbuild options. Also the bundle sizes, and the lazily loaded client
// bundle's own require time (what the first network use pays, not activation).
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { stat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { compared, type Benchmark, type Figure } from '../figures';
import { spread } from '../stats';
import { REPO_ROOT, runForResult } from '../support/children';
import { withTempDir } from '../support/tempFiles';

const EXTENSION = join(REPO_ROOT, 'dist', 'extension.js');
const CLIENT = join(REPO_ROOT, 'dist', 'client.js');
const SIZE_LIMIT = 100 * 1000;

/** What esbuild.mjs uses for dist/extension.js, so the reference differs only in its content. */
const NODE_BUNDLE = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, legalComments: 'none', logLevel: 'warning' } as const;

interface ActivationSample { requireMs: number; activateMs: number; totalMs: number; clientLoaded: boolean; subscriptions: number }

async function buildHelpers(dir: string): Promise<{ probe: string; standIn: string; empty: string }> {
  const probe = join(dir, 'probe.cjs');
  const standIn = join(dir, 'vscode.cjs');
  const empty = join(dir, 'dist', 'empty.js');
  await esbuild.build({ ...NODE_BUNDLE, minify: false, entryPoints: [join(__dirname, 'probe.ts')], outfile: probe });
  await esbuild.build({ ...NODE_BUNDLE, minify: false, entryPoints: [join(REPO_ROOT, 'test', 'support', 'vscode', 'index.ts')], outfile: standIn });
  await esbuild.build({
    ...NODE_BUNDLE,
    stdin: { contents: 'export function activate() { return {}; }\nexport function deactivate() {}\n', loader: 'ts', resolveDir: dir },
    outfile: empty,
  });
  return { probe, standIn, empty };
}

async function sizes(file: string): Promise<{ bytes: number; gzip: number }> {
  return { bytes: (await stat(file)).size, gzip: gzipSync(await readFile(file)).length };
}

export const activationBench: Benchmark = {
  name: 'activation',
  title: '1. Activation (fresh process per sample)',
  async run(ctx) {
    for (const f of [EXTENSION, CLIENT]) if (!existsSync(f)) throw new Error(`${f} is missing: run \`node esbuild.mjs\` first`);
    const reps = ctx.quick ? 5 : 20;
    return withTempDir(async (dir) => {
      const { probe, standIn, empty } = await buildHelpers(dir);
      const ours: ActivationSample[] = [];
      const ref: ActivationSample[] = [];
      const clientReq: number[] = [];
      const emptyReq: number[] = [];
      for (let i = 0; i < reps; i++) {
        ours.push(await runForResult<ActivationSample>(probe, ['extension', standIn, EXTENSION]));
        ref.push(await runForResult<ActivationSample>(probe, ['extension', standIn, empty]));
        clientReq.push((await runForResult<{ requireMs: number }>(probe, ['require', CLIENT])).requireMs);
        emptyReq.push((await runForResult<{ requireMs: number }>(probe, ['require', empty])).requireMs);
      }
      ctx.log(`${reps} samples each; client bundle loaded during activation: ${ours.some((s) => s.clientLoaded) ? 'YES' : 'no'}`);
      const ext = await sizes(EXTENSION);
      const client = await sizes(CLIENT);
      const activate = compared(
        { id: 'activation.activate', label: 'activate() alone', unit: 'ms', notes: { clientLoadedAtActivation: ours.some((s) => s.clientLoaded), subscriptions: ours[0].subscriptions } },
        spread(ours.map((s) => s.activateMs)), 'empty bundle', spread(ref.map((s) => s.activateMs)),
      );
      activate.target = { text: '< 10 ms', met: activate.ours.median < 10 };
      const figures: Figure[] = [
        compared({ id: 'activation.total', label: 'require + activate()', unit: 'ms' },
          spread(ours.map((s) => s.totalMs)), 'empty bundle', spread(ref.map((s) => s.totalMs))),
        compared({ id: 'activation.require', label: 'require(dist/extension.js)', unit: 'ms' },
          spread(ours.map((s) => s.requireMs)), 'empty bundle', spread(ref.map((s) => s.requireMs))),
        activate,
        {
          id: 'activation.size', label: 'dist/extension.js size', unit: 'KB', ours: spread([ext.bytes / 1000]),
          target: { text: '< 100 KB', met: ext.bytes < SIZE_LIMIT }, notes: { bytes: ext.bytes, gzipBytes: ext.gzip },
        },
        {
          id: 'activation.clientSize', label: 'dist/client.js size (lazy)', unit: 'KB', ours: spread([client.bytes / 1000]),
          notes: { bytes: client.bytes, gzipBytes: client.gzip },
        },
        compared({ id: 'activation.clientRequire', label: 'require(dist/client.js) (lazy)', unit: 'ms' },
          spread(clientReq), 'empty bundle', spread(emptyReq)),
      ];
      return figures;
    });
  },
};
