// 8. A draft this version cannot draw (issue 10 point 6): the service answers the state with Nemo's
//    XML-like Draft V3. The panel says so, instead of "no timeline yet", and Export still makes the
//    video, the draft passed to the render exactly as it came.
import assert from 'node:assert/strict';
import { step } from '../../../scripts/e2e/steps';
import type { Scenario } from '../harness';
import { assertVideoOfDraft, exportedVideo, finishedReply, generateVideo, timeline } from '../nemoUi';

export const draftV3: Scenario = {
  name: '8-draft-v3',
  async run(e2e) {
    await e2e.emulator.setOptions({ draftFormat: 'v3' });
    const { wb, workspace } = await e2e.launch('draft-v3');

    await step('Nemo: Generate Video…: the reply, then the state in Draft V3', async () => {
      await generateVideo(wb, 'make a 4-second teaser of a harbour');
      await finishedReply(wb);
    });
    const page = timeline(wb);
    const notice = page.locator('.draft-notice');
    await step('the panel says it cannot draw the timeline, naming the format', () => notice.waitFor({ state: 'visible', timeout: 20_000 }));
    assert.match(await notice.innerText(), /cannot draw this timeline: it is in Draft V3\. It is still there, and Export still works\./);
    assert.match(await page.locator('.facts').innerText(), /Timeline in Draft V3/);
    assert.ok(await page.locator('.empty').isHidden(), 'not "no timeline yet": there is one');
    assert.equal(await page.locator('.lanes .lane').count(), 0, 'no lanes guessed from a draft it cannot read');
    await wb.screenshot('8-draft-v3');

    const file = await step('Nemo: Export Video still makes the video', async () => {
      await wb.runCommand('Nemo: Export Video');
      const saved = await exportedVideo(workspace);
      await wb.waitForNotification(/Video saved/, 60_000);
      return saved;
    });
    const [render] = await e2e.emulator.renders();
    // The state escapes the draft's slashes (`<\/draft>`), which no JSON encoder writes: still there, so it went as it came.
    assert.match(render?.rawDraft ?? '', /^"<draft\b[^]*<\\\/draft>"$/, 'the render got the Draft V3 text untouched');
    const [session] = await e2e.emulator.sessions();
    await step('ffmpeg -i on the saved file', () => assertVideoOfDraft(file, session?.draftJson));
  },
};
