// Builds the six bundles. `node esbuild.mjs [--watch] [--dev]`.
//  - dist/extension.js: what VS Code loads at activation. Small: the HTTP stack is not in it.
//  - dist/client.js:    src/nemo (undici, eventsource-parser), required on first network use.
//  - dist/tools.js:     src/tools (the language model tools' implementations), required on first tool use.
//  - dist/localRender.js: src/localRender (local export with ffmpeg), required on the first local export.
//  - dist/cli.js:       the `nemo` command, everything in one file, with a shebang.
//  - media/timeline.js: the timeline webview page (browser, IIFE).
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const dev = process.argv.includes('--dev');

// src/extension/client/lazyNemo.ts does `require('../../nemo')`, src/extension/tools/lazyTools.ts
// `require('../../tools')` and src/extension/export/lazyLocalRender.ts `require('../../localRender')`;
// in the bundle those calls must load dist/client.js, dist/tools.js and dist/localRender.js at run
// time instead of inlining them (tsx resolves them to the sources).
const LAZY_BUNDLES = { nemo: './client.js', tools: './tools.js', localRender: './localRender.js' };
const lazyClient = {
  name: 'lazy-client',
  setup(build) {
    build.onResolve({ filter: /^(\.\.\/)+(nemo|tools|localRender)$/ }, (args) =>
      args.kind === 'require-call' ? { path: LAZY_BUNDLES[args.path.split('/').pop()], external: true } : undefined);
  },
};

const node = {
  bundle: true,
  // jsonc-parser's "main" is a UMD build whose inner require('./impl/…') calls esbuild cannot
  // follow; its ES module build bundles cleanly.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  { ...node, entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [lazyClient] },
  { ...node, entryPoints: ['src/localRender/index.ts'], outfile: 'dist/localRender.js' },
  { ...node, entryPoints: ['src/nemo/index.ts'], outfile: 'dist/client.js' },
  { ...node, entryPoints: ['src/tools/index.ts'], outfile: 'dist/tools.js' },
  { ...node, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  {
    bundle: true, platform: 'browser', target: 'es2022', format: 'iife', minify: !dev, logLevel: 'warning',
    sourcemap: dev ? 'inline' : false, entryPoints: ['src/webview/main.ts'], outfile: 'media/timeline.js',
  },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  chmodSync('dist/cli.js', 0o755);
}
