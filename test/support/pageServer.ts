// Serves the timeline page on loopback exactly as the panel builds it: its HTML, CSP and a fresh
// nonce from src/extension/timeline/html.ts, the page bundle built in memory from src/webview (the
// current sources; media/timeline.js may be stale) with esbuild.mjs's options, media/timeline.css,
// a VS Code dark theme, and any files a test adds. Used by the page tests (test/webview) and the
// timeline benchmark, so it stays free of DOM types: the bench type-checks in the Node-only project.
import * as esbuild from 'esbuild';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { buildTimelineHtml, makeNonce } from '../../src/extension/timeline/html';

const ROOT = path.resolve(__dirname, '../..');

export interface PageServer {
  origin: string;
  /** Extra files by path ("/videos/x.mp4"), served with the given type. */
  files: Map<string, { type: string; body: Buffer | string }>;
  /** Paths asked for that the server does not have. */
  unexpected: string[];
  close(): Promise<void>;
}

export interface PageServerOptions {
  /** Minify the page bundle as the shipped media/timeline.js is (the benchmark measures that). */
  minify?: boolean;
}

async function bundlePage(minify: boolean): Promise<string> {
  const out = await esbuild.build({
    entryPoints: [path.join(ROOT, 'src/webview/main.ts')],
    bundle: true, platform: 'browser', target: 'es2022', format: 'iife', minify, write: false, logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

export async function startPageServer(opts: PageServerOptions = {}): Promise<PageServer> {
  const [script, css, theme] = await Promise.all([
    bundlePage(opts.minify ?? false),
    readFile(path.join(ROOT, 'media/timeline.css'), 'utf8'),
    readFile(path.join(ROOT, 'test/webview/vscodeDarkTheme.css'), 'utf8'),
  ]);
  const files = new Map<string, { type: string; body: Buffer | string }>();
  const unexpected: string[] = [];
  let origin = '';
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const send = (type: string, body: Buffer | string) => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url === '/' || url.startsWith('/?')) {
      // `/?l10n=<json>`: the page as the panel builds it for an editor in another language.
      const bundle = new URL(url, origin).searchParams.get('l10n');
      return send('text/html; charset=utf-8', buildTimelineHtml({
        cspSource: origin, scriptUri: `${origin}/timeline.js`, styleUri: `${origin}/timeline.css`, nonce: makeNonce(), title: 'Nemo Timeline',
        ...(bundle ? { l10nBundle: JSON.parse(bundle) as Record<string, string> } : {}),
      }));
    }
    if (url === '/timeline.js') return send('text/javascript', script);
    if (url === '/timeline.css') return send('text/css', css);
    if (url === '/theme.css') return send('text/css', theme);
    if (url === '/favicon.ico') return res.writeHead(204).end(); // the browser asks on its own
    const file = files.get(url);
    if (file) return send(file.type, file.body);
    res.writeHead(404).end();
    unexpected.push(url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    files,
    unexpected,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections(); // a browser's keep-alive connections would hold close() open
        server.close(() => resolve());
      }),
  };
}
