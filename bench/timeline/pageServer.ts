// Serves the timeline page on loopback exactly as the panel builds it (its HTML, CSP and nonce from
// src/extension/timeline/html.ts, the page bundle built from src/webview with esbuild.mjs's
// options, media/timeline.css). The page tests have a harness of their own; it is type-checked with DOM types in a separate project, so the bench (in the root,
// Node-only project) keeps this small Node-only server instead of importing it.
import * as esbuild from 'esbuild';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildTimelineHtml, makeNonce } from '../../src/extension/timeline/html';
import { REPO_ROOT } from '../support/children';

export interface PageServer {
  origin: string;
  close(): Promise<void>;
}

export async function startPageServer(): Promise<PageServer> {
  const built = await esbuild.build({
    entryPoints: [join(REPO_ROOT, 'src/webview/main.ts')],
    bundle: true, platform: 'browser', target: 'es2022', format: 'iife', minify: true, write: false, logLevel: 'silent',
  });
  const script = built.outputFiles[0].text;
  const css = await readFile(join(REPO_ROOT, 'media/timeline.css'), 'utf8');
  let origin = '';
  const server = createServer((req, res) => {
    const send = (type: string, body: string) => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.url === '/') {
      return send('text/html; charset=utf-8', buildTimelineHtml({
        cspSource: origin, scriptUri: `${origin}/timeline.js`, styleUri: `${origin}/timeline.css`, nonce: makeNonce(), title: 'Nemo Timeline',
      }));
    }
    if (req.url === '/timeline.js') return send('text/javascript', script);
    if (req.url === '/timeline.css') return send('text/css', css);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
