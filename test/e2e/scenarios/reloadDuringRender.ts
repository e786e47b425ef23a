// 4. Reload the window while a render is still running: after the reload the extension picks the
//    job up again, downloads the file exactly once and tells the person.
import assert from 'node:assert/strict';
import { step, waitUntil } from '../../../scripts/e2e/steps';
import type { Scenario } from '../harness';
import { exportedVideo, finishedReply, generateVideo } from '../nemoUi';

export const reloadDuringRender: Scenario = {
  name: '4-reload-during-render',
  async run(e2e) {
    const { wb, workspace } = await e2e.launch('reload');
    await step('generate a short video', async () => {
      await generateVideo(wb, 'make a 5-second clip of ocean waves');
      await finishedReply(wb);
    });

    // Longer than code-server's reconnection grace (5 s), so the old extension host is gone
    // before the render completes and only the reloaded window can fetch the file.
    await e2e.emulator.setOptions({ renderMs: 12_000 });
    const job = await step('Nemo: Export Video until the render is submitted', async () => {
      await wb.runCommand('Nemo: Export Video');
      await wb.waitForNotification(/exporting video/i, 20_000);
      return waitUntil('a render job in the emulator', async () => (await e2e.emulator.renders())[0], 20_000);
    });
    assert.equal(job.completedAt, undefined, 'the render is still pending at the reload');

    await step('Developer: Reload Window', () => wb.reloadWindow());
    const note = await step('the person is told the export finished after the reload', () =>
      wb.waitForNotification(/exported before the reload is ready/, 60_000));
    const file = await exportedVideo(workspace, 10_000);
    assert.ok(note.includes(file.split('/').pop() ?? ''), `the notification names the file: ${note}`);
    await wb.screenshot('4-reload-resumed');

    const downloads = (await e2e.emulator.requests()).filter((r) => r.origin === 'cdn' && r.method === 'GET' && r.path.startsWith(job.cdnPath));
    assert.equal(downloads.length, 1, `the output was downloaded once, not ${downloads.length} times`);
    const renders = await e2e.emulator.renders();
    assert.equal(renders.length, 1, 'no second render was submitted after the reload');
  },
};
