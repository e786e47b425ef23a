// 5. The timeline with a hostile draft: markup in the title (typed in the prompt) and in segment
//    names (planted by the emulator) is shown as text and never runs.
import assert from 'node:assert/strict';
import { step } from '../../../scripts/e2e/steps';
import type { Scenario } from '../harness';
import { finishedReply, generateVideo, laneLabels, timeline } from '../nemoUi';

const TITLE = '<img src=x onerror=alert(1)>';
const CLIP = '<img src=x onerror="document.body.dataset.pwned=1">clip';
const MUSIC = '<script>document.body.dataset.pwned=2</script>music';

export const hostileDraft: Scenario = {
  name: '5-hostile-draft',
  async run(e2e) {
    const { wb } = await e2e.launch('hostile');
    const dialogs: string[] = [];
    wb.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });

    await step('generate with markup in the title', async () => {
      await generateVideo(wb, `make a 5-second teaser called "${TITLE}"`);
      await finishedReply(wb);
    });
    const [session] = await e2e.emulator.sessions();
    assert.ok(session, 'a session exists');
    const draft = {
      d: 5000,
      m: { title: TITLE, width: 1920, height: 1080 },
      t: [
        { tt: 0, sg: [{ st: 0, d: 5000, m: { name: CLIP, src: 'https://cdn.example/x.mp4' } }] },
        { tt: 1, sg: [{ st: 0, d: 5000, m: { name: MUSIC, vol: 0.5, src: 'https://cdn.example/x.mp3' } }] },
        { tt: 7, sg: [{ st: 0, d: 3000, m: { text: TITLE, style: 'title' } }] },
      ],
    };
    await e2e.emulator.setDraft(session.id, JSON.stringify(draft));
    await step('Nemo: Show Timeline redraws from the planted draft', async () => {
      await wb.runCommand('Nemo: Show Timeline');
      await timeline(wb).getByText(MUSIC).first().waitFor({ timeout: 20_000 });
    });
    await laneLabels(wb, 3);

    const page = timeline(wb);
    await page.getByText(TITLE).first().waitFor({ timeout: 10_000 });
    await page.getByText(CLIP).first().waitFor({ timeout: 10_000 });
    assert.equal(await page.locator('img[src="x"]').count(), 0, 'no <img> made from the names');
    assert.equal(await page.locator('.workspace script, .lanes script').count(), 0, 'no <script> made from the names');
    assert.equal(await page.locator('body[data-pwned]').count(), 0, 'no handler ran inside the webview');
    assert.deepEqual(dialogs, [], 'no dialog opened');
    await wb.screenshot('5-hostile-draft');
  },
};
