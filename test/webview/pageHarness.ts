// Runs the timeline page in real headless Chromium: a loopback HTTP server serves the page's
// HTML exactly as the panel builds it (same CSP, a fresh nonce), the page bundle built from the
// sources, the CSS, and test files; a fake host stands in for VS Code's acquireVsCodeApi.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { buildTimelineHtml, makeNonce } from '../../src/extension/timeline/html';
import type { NemoClient } from '../../src/nemo/client';
import type { HostMessage } from '../../src/shared/protocol';
import { startEmulator, type Emulator } from '../emulator';
import { launchChromium } from '../support/chromium';
import { makeClient } from '../support/client';

const ROOT = path.resolve(__dirname, '../..');

/**
 * The page bundle, built in memory from src/webview/main.ts so the tests always run the current
 * sources (media/timeline.js is a build output that may be stale). Same format as esbuild.mjs.
 */
async function bundlePage(): Promise<string> {
  const out = await esbuild.build({
    entryPoints: [path.join(ROOT, 'src/webview/main.ts')],
    bundle: true, platform: 'browser', target: 'es2022', format: 'iife', write: false, logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

export interface PageServer {
  origin: string;
  /** Extra files by path ("/videos/x.mp4"), served with the given type. */
  files: Map<string, { type: string; body: Buffer | string }>;
  /** Paths asked for that the server does not have. */
  unexpected: string[];
  close(): Promise<void>;
}

export async function startPageServer(): Promise<PageServer> {
  const [script, css, theme] = await Promise.all([
    bundlePage(),
    readFile(path.join(ROOT, 'media/timeline.css'), 'utf8'),
    readFile(path.join(__dirname, 'vscodeDarkTheme.css'), 'utf8'),
  ]);
  const files = new Map<string, { type: string; body: Buffer | string }>();
  const unexpected: string[] = [];
  let origin = '';
  const server: Server = createServer((req, res) => {
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
  return { origin, files, unexpected, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * What the page suites stand on: Chromium, the page server, and an emulator whose agent makes the
 * drafts, driven by a real client that has `credits` for many turns (more than the free 100).
 */
export interface PageWorld {
  browser: Browser;
  server: PageServer;
  emu: Emulator;
  client: NemoClient;
  close(): Promise<void>;
}

export async function startPageWorld(credits: number): Promise<PageWorld> {
  const browser = await launchChromium();
  const server = await startPageServer();
  const emu = await startEmulator({ turnDelayMs: 1, heartbeatMs: 50, silentEditShare: 0 });
  const client = makeClient(emu);
  const { userId } = await client.identity();
  emu.setCredits(userId!, credits);
  return {
    browser, server, emu, client,
    async close() {
      await browser.close();
      await server.close();
      await emu.close();
    },
  };
}

/**
 * Opens the page with a fake host: what the page posts lands in window.__posted, its setState in
 * window.__state. `state` is what getState() returns at load (a restored panel).
 */
export async function openPage(
  browser: Browser,
  server: PageServer,
  opts: { width?: number; height?: number; state?: unknown; l10nBundle?: Record<string, string> } = {},
): Promise<TimelinePage> {
  const page = await browser.newPage({ viewport: { width: opts.width ?? 1200, height: opts.height ?? 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  // Strings, not functions, for what runs in the page here: tsx compiles functions with name helpers
  // the page does not have, and this module is also used by code type-checked without the DOM (bench/).
  await page.addInitScript(`
    window.__posted = [];
    window.__state = ${JSON.stringify(opts.state ?? null)};
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => { window.__posted.push(m); },
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    });
  `);
  await page.goto(opts.l10nBundle ? `${server.origin}/?l10n=${encodeURIComponent(JSON.stringify(opts.l10nBundle))}` : server.origin);
  // VS Code sets its theme variables on the page; here a stylesheet from the page's origin does.
  await page.addStyleTag({ url: `${server.origin}/theme.css` });
  await page.waitForFunction('window.__posted.length > 0');
  return new TimelinePage(page, errors);
}

export class TimelinePage {
  constructor(readonly page: Page, readonly errors: string[]) {}

  /** Delivers a host message the way VS Code does (a window message event), synchronously. */
  async post(message: HostMessage): Promise<void> {
    await this.page.evaluate(`window.dispatchEvent(new MessageEvent('message', { data: ${JSON.stringify(message)} }))`);
  }

  posted(): Promise<unknown[]> {
    return this.page.evaluate('window.__posted') as Promise<unknown[]>;
  }
}
