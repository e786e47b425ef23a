// Runs the timeline page in real headless Chromium, served by test/support/pageServer.ts (the
// panel's HTML, CSP and nonce, the page bundle from the sources, test files); a fake host stands in
// for VS Code's acquireVsCodeApi.
import type { Browser, Page } from 'playwright-core';
import type { NemoClient } from '../../src/nemo/client';
import type { HostMessage } from '../../src/shared/protocol';
import { startEmulator, type Emulator } from '../emulator';
import { launchChromium } from '../support/chromium';
import { makeClient } from '../support/client';
import { startPageServer, type PageServer } from '../support/pageServer';

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
