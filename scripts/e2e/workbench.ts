// Drives the VS Code web workbench in Chromium the way a person does: the command palette, the
// notifications, the explorer, the webview panels. Every wait is on something visible.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { note, waitUntil } from './steps';
import { RESULTS } from './tools';

export class Workbench {
  private commandsReady = false;

  constructor(readonly page: Page) {}

  static async open(browser: Browser, url: string): Promise<Workbench> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const wb = new Workbench(page);
    await wb.load(url);
    return wb;
  }

  async load(url: string): Promise<void> {
    await this.page.goto(url);
    await this.waitReady();
  }

  /** The workbench is usable once the explorer's folder tree is drawn. */
  async waitReady(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  }

  /**
   * Runs a command by its palette title. Extension commands register 4-12 s after the workbench
   * shows (the extension host starts late): until the first one ran, a missing entry is retried;
   * after that, a missing command is a failure.
   */
  async runCommand(title: string): Promise<void> {
    const timeoutMs = this.commandsReady ? 10_000 : 60_000;
    await waitUntil(`the command "${title}" in the palette`, async () => {
      const input = await this.openPalette();
      // A webview that finishes loading takes the focus and closes the palette: then the next
      // attempt opens it again, instead of one fill waiting out the whole budget.
      await input.fill(`>${title}`, { timeout: 3000 });
      const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      try {
        await row.waitFor({ timeout: 2000 });
      } catch {
        await this.page.keyboard.press('Escape');
        return undefined;
      }
      await row.click();
      return true;
    }, timeoutMs, 500);
    this.commandsReady = true;
  }

  /** "Developer: Reload Window", waiting for the new page rather than the old one's DOM. */
  async reloadWindow(): Promise<void> {
    const navigated = this.page.waitForEvent('framenavigated', { predicate: (f) => f === this.page.mainFrame(), timeout: 30_000 });
    await this.runCommand('Developer: Reload Window');
    await navigated;
    await this.page.waitForLoadState('load');
    await this.waitReady();
  }

  private async openPalette(): Promise<Locator> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    if (!(await input.isVisible())) {
      // A focused webview keeps key presses for itself: give the focus back to the workbench.
      // (A string: the harness is type-checked for Node, without the DOM's types.)
      await this.page.evaluate('document.activeElement && document.activeElement.blur()');
      await this.page.keyboard.press('F1');
    }
    await input.waitFor({ timeout: 10_000 });
    return input;
  }

  /** The quick input (an input box or a pick list some command opened). */
  quickInput(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  notificationToasts(): Locator {
    return this.page.locator('.notifications-toasts .notification-toast');
  }

  /** Waits for a notification toast whose text matches; returns that text. */
  async waitForNotification(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    return waitUntil(`a notification matching ${pattern}`, async () => {
      for (const text of await this.notificationToasts().allInnerTexts()) if (pattern.test(text)) return text;
      return undefined;
    }, timeoutMs);
  }

  /** Closes the visible notification toasts (their × button), e.g. before a screenshot. */
  async dismissToasts(): Promise<void> {
    await waitUntil('no notification toasts', async () => {
      const toast = this.notificationToasts().first();
      if ((await this.notificationToasts().count()) === 0) return true;
      // The toolbar with × appears while the pointer is over the toast.
      await toast.hover({ timeout: 2000 });
      await toast.locator('.codicon-notifications-clear').click({ timeout: 2000 });
      return undefined;
    }, 10_000, 100);
  }

  /** The content document of the active webview (two nested iframes in the web workbench). */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }

  explorerItem(name: string): Locator {
    return this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label=${JSON.stringify(name)}]`);
  }

  /** Expands a folder in the explorer if it is collapsed. */
  async expandFolder(name: string): Promise<void> {
    const row = this.explorerItem(name);
    await row.waitFor({ timeout: 30_000 });
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  }

  async screenshot(name: string): Promise<string> {
    const dir = join(RESULTS, 'screenshots');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name}.png`);
    await this.page.screenshot({ path: file });
    note(`screenshot ${file}`);
    return file;
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }
}
