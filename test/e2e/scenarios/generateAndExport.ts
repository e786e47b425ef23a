// 1. A newcomer's first video from the command palette: type the description right into the first
//    step of Generate Video…, Enter through the defaults, watch the reply stream and the lanes
//    appear, export, and check the MP4 on disk and in the explorer. The screenshots taken on the way
//    are the walkthrough's pictures and the README's animation (scripts/capture.ts).
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { note, step } from '../../../scripts/e2e/steps';
import type { Scenario } from '../harness';
import { assertVideoOfDraft, exportedVideo, generateVideo, laneLabels, SMARTWATCH_PROMPT, STAGES, streamedReply, timeline, watchProgress } from '../nemoUi';

export const generateAndExport: Scenario = {
  name: '1-generate-and-export',
  async run(e2e) {
    // Events paced slowly enough that the reply is seen growing in the panel.
    await e2e.emulator.setOptions({ turnDelayMs: 200 });
    const { wb, workspace } = await e2e.launch('generate');

    await step('Nemo: Generate Video…: the description typed in step 1, then Enter through the defaults', () =>
      generateVideo(wb, SMARTWATCH_PROMPT, (moment) => (moment === 'typed' || moment === 'step-2' ? wb.screenshot(`1-generate-${moment}`) : Promise.resolve())));
    const { text: reply, lengths } = await step('the streamed reply in the panel', () => streamedReply(wb));
    assert.match(reply, /smartwatch/, `the reply should restate the request, got: ${reply}`);
    assert.ok(lengths.length >= 2 && lengths[0] < reply.length, `the reply was seen growing before it ended (lengths: ${JSON.stringify(lengths)}, final ${reply.length})`);
    const lanes = await step('the timeline lanes', () => laneLabels(wb, 3));
    assert.equal(lanes.length, 3, `three lanes (video, music, title), got ${JSON.stringify(lanes)}`);
    await timeline(wb).getByText('Tick', { exact: true }).first().waitFor({ timeout: 10_000 });
    await wb.screenshot('1-generate-timeline');

    const [session] = await e2e.emulator.sessions();
    assert.ok(session?.draftJson, 'the emulator holds the generated draft');

    const { result: file, stages } = await step('Nemo: Export Video, watching the progress notification', async () => {
      await wb.runCommand('Nemo: Export Video');
      const rendering = wb.waitForNotification(/Rendering/, 60_000).then(() => wb.screenshot('1-export-progress'));
      const watched = await watchProgress(wb, /exporting video/i, exportedVideo(workspace));
      await rendering;
      return watched;
    });
    assert.ok(stages.includes('Rendering'), `the notification showed the rendering stage, saw ${JSON.stringify(stages)}`);
    assert.ok(stages.length >= 2, `the notification showed more than one stage, saw ${JSON.stringify(stages)}`);
    assert.deepEqual(stages, [...stages].sort((a, b) => STAGES.indexOf(a) - STAGES.indexOf(b)), `the stages came in order, saw ${JSON.stringify(stages)}`);
    note(`progress stages seen: ${stages.join(' → ')}`);
    await wb.waitForNotification(new RegExp(`Video saved: ${basename(file).replace(/[.]/g, '\\.')}`));

    const video = await step('ffmpeg -i on the saved file', () => assertVideoOfDraft(file, session.draftJson));
    // The smartwatch prompt names no ratio: the 16:9 full HD, whatever the draft's canvas check allowed.
    assert.deepEqual([video.width, video.height], [1920, 1080]);

    await step('the explorer shows videos/ and the file', async () => {
      await wb.expandFolder('videos');
      await wb.explorerItem(basename(file)).waitFor({ timeout: 15_000 });
    });
    await wb.screenshot('1-export-saved');

    await step('the panel takes the next message without a Chat view (typed, not sent)', async () => {
      const box = timeline(wb).locator('textarea.prompt-input');
      await box.fill('make the title bigger and add a fade at the end');
      await wb.screenshot('1-panel-prompt');
      await box.fill('');
    });
    await step('Nemo: Set Token… asks for a personal token (Escape: none given)', async () => {
      await wb.runCommand('Nemo: Set Token…');
      await wb.quickInput().waitFor({ timeout: 10_000 });
      await wb.screenshot('1-set-token');
      await wb.page.keyboard.press('Escape');
    });
  },
};
