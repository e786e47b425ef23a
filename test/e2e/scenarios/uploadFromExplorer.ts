// 2. Explorer: select two supported files, right-click → "Upload to Nemo", watch the progress, and
//    find the media in the session; an unsupported file has no such entry.
import assert from 'node:assert/strict';
import { step, waitUntil } from '../../../scripts/e2e/steps';
import type { Workbench } from '../../../scripts/e2e/workbench';
import { MEDIA } from '../../../scripts/e2e/workspace';
import type { Scenario } from '../harness';

async function contextMenuLabels(wb: Workbench, file: string): Promise<string[]> {
  await wb.explorerItem(file).click({ button: 'right' });
  const menu = wb.page.locator('.context-view .monaco-menu');
  await menu.waitFor({ timeout: 10_000 });
  // The menu is drawn once its entries are: wait for a standard one.
  await menu.locator('.action-label', { hasText: 'Copy Path' }).first().waitFor({ timeout: 10_000 });
  return menu.locator('.action-label').allInnerTexts();
}

export const uploadFromExplorer: Scenario = {
  name: '2-upload-from-explorer',
  async run(e2e) {
    const { wb } = await e2e.launch('upload');
    // The answer to the upload is held back a little so the progress notification can be seen.
    await e2e.emulator.addFaults({ method: 'POST', pathPattern: '^/api/upload-video/', fault: { kind: 'slowHeaders', ms: 1500 } });

    // First a supported file: it proves the extension's menu entries are loaded, so the checks on
    // unsupported files below cannot pass merely because the workbench was not ready.
    const supported = await step(`right-click ${MEDIA.audio}`, () => waitUntil('"Upload to Nemo" in the explorer menu', async () => {
      const labels = await contextMenuLabels(wb, MEDIA.audio);
      await wb.page.keyboard.press('Escape');
      return labels.includes('Upload to Nemo') ? labels : undefined;
    }, 30_000, 500));
    assert.ok(supported.includes('Upload to Nemo'));
    for (const file of [MEDIA.text, MEDIA.program]) {
      const labels = await step(`right-click ${file}`, () => contextMenuLabels(wb, file));
      assert.ok(!labels.includes('Upload to Nemo'), `${file} must not offer "Upload to Nemo", menu: ${JSON.stringify(labels)}`);
      await wb.page.keyboard.press('Escape');
    }

    await step(`select ${MEDIA.video} and ${MEDIA.image}`, async () => {
      await wb.explorerItem(MEDIA.video).click();
      await wb.explorerItem(MEDIA.image).click({ modifiers: ['Control'] });
      const selected = wb.page.locator('.explorer-folders-view .monaco-list-row[aria-selected="true"]');
      await waitUntil('the two rows selected', async () => ((await selected.count()) === 2 ? true : undefined), 10_000);
    });
    const labels = await step(`right-click ${MEDIA.image}`, () => contextMenuLabels(wb, MEDIA.image));
    assert.ok(labels.includes('Upload to Nemo'), `a supported file offers "Upload to Nemo", menu: ${JSON.stringify(labels)}`);
    await wb.screenshot('2-upload-menu');

    await step('Upload to Nemo: the progress notification, then the result', async () => {
      await wb.page.locator('.context-view .monaco-menu .action-label', { hasText: 'Upload to Nemo' }).click();
      await Promise.all([
        wb.waitForNotification(/Nemo: uploading/, 20_000),
        wb.waitForNotification(/Uploaded to Nemo: (?=.*clip\.mp4)(?=.*logo\.png)/, 30_000),
      ]);
    });
    await wb.screenshot('2-upload-done');

    const names = await step('the session knows both files (emulator state)', () =>
      waitUntil('two media in the session', async () => {
        const [session] = await e2e.emulator.sessions();
        const files = (session?.videoInfos ?? []).map((v) => String(v.filename ?? v.name ?? ''));
        return files.length >= 2 ? files : undefined;
      }, 15_000));
    assert.ok(names.some((n) => n.includes('clip')) && names.some((n) => n.includes('logo')), `session media: ${JSON.stringify(names)}`);
  },
};
