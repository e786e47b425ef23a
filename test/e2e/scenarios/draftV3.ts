// 8. A draft this version cannot draw (issue 10 point 6): the service answers the state with Nemo's
//    XML-like Draft V3. The panel says so, instead of "no timeline yet", and Export still makes the
//    video, the draft passed to the render exactly as it came. Nemo's web editor draws every format:
//    the panel's "Open in Web Editor" opens the project there with a claim link, one claim token
//    asked for, no long-lived token in the link.
import assert from 'node:assert/strict';
import { step, waitUntil } from '../../../scripts/e2e/steps';
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
    assert.match(await notice.innerText(), /cannot draw this timeline: it is in Draft V3\. It is still there: Export still works, and Open in Web Editor shows it\./);
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

    const opened = await step('Open in Web Editor: the browser opens a claim link', async () => {
      await page.getByRole('button', { name: 'Open in Web Editor' }).click();
      // The web workbench may ask before it opens an external site: the person says Open.
      const openSite = wb.page.locator('.monaco-dialog-box').getByRole('button', { name: 'Open', exact: true });
      const tab = await waitUntil('the web editor in a new browser tab', async () => {
        // A new tab reads about:blank until it starts loading the link.
        const tab = wb.page.context().pages().find((p) => p !== wb.page && p.url() !== 'about:blank');
        if (tab) return tab;
        if (await openSite.isVisible()) await openSite.click();
        return undefined;
      }, 30_000, 200);
      return tab.url();
    });
    // code-server opens a localhost link through its own port forwarding (/proxy/<port>/…); the real
    // web editor's https address is opened as it is.
    const link = new URL(opened);
    const claimPage = [`${e2e.emulator.url}/workspace/claim`, `${link.origin}/proxy/${new URL(e2e.emulator.url).port}/workspace/claim`];
    assert.ok(claimPage.includes(`${link.origin}${link.pathname}`), `the web editor's claim page on the web base: ${opened}`);
    assert.match(link.searchParams.get('ct') ?? '', /^[A-Za-z0-9._~-]{8,}$/, `the link carries a claim token: ${opened}`);
    assert.doesNotMatch(opened, /nmv_/i, 'no long-lived token in the link');
    const claims = (await e2e.emulator.requests()).filter((r) => r.method === 'POST' && r.path === '/api/auth/claim-token');
    assert.equal(claims.length, 1, 'one claim token asked for');
  },
};
