// The walkthrough's steps tick however the person did the thing: the events every entry point fires
// set the context keys its onContext completion events wait for (and only those keys exist).
import { useWorld, stub, type World } from './harness';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { generateVideo, registerCommands } from '../../../src/extension/commands/commands';
import { trackWalkthrough, WALKTHROUGH_KEYS } from '../../../src/extension/core/walkthroughProgress';
import { NemoTimelineController } from '../../../src/extension/timeline/timelineController';

const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8'));

describe('extension: walkthrough progress', function () {
  this.timeout(60_000);
  let world: World;
  useWorld({ startingCredits: 1000 }, (made) => (world = made));

  // The walkthrough's keys only (nemo.hasSession, which enables commands, follows the session on its own).
  const walkthroughSets = () => stub.ui.executed.filter((e) => e.command === 'setContext' && String(e.args[0]).startsWith('nemo.walkthrough.'));
  const contextSet = () => walkthroughSets().map((e) => e.args[0]);

  it('the manifest waits only for context keys the extension sets', () => {
    const used = pkg.contributes.walkthroughs[0].steps.flatMap((s: { completionEvents: string[] }) => s.completionEvents)
      .filter((e: string) => e.startsWith('onContext:')).map((e: string) => e.slice('onContext:'.length));
    assert.deepEqual([...new Set(used)].sort(), Object.values(WALKTHROUGH_KEYS).sort());
  });

  it('a cancelled Generate Video ticks nothing; a made video, an export and an upload each tick their step', async () => {
    const w = world.open();
    const controller = new NemoTimelineController(w.services);
    const disposables = [trackWalkthrough(w.services.events), ...registerCommands(w.services, controller)];
    try {
      await generateVideo(controller); // Escape at the first step
      assert.deepEqual(contextSet(), []);

      stub.ui.answer('a lighthouse at dusk', '', '', '');
      await generateVideo(controller);
      await controller.whenIdle();
      assert.deepEqual(contextSet(), [WALKTHROUGH_KEYS.madeVideo]);

      await stub.commands.executeCommand('nemo.exportVideo');
      await stub.ui.waitForMessage((m) => /Video saved/.test(m.message));
      assert.ok(contextSet().includes(WALKTHROUGH_KEYS.exported));

      const clip = path.join(world.workspace, 'clip.mp4');
      await mkdir(world.workspace, { recursive: true });
      await writeFile(clip, Buffer.alloc(10_000, 1));
      await stub.commands.executeCommand('nemo.uploadFiles', stub.Uri.file(clip), [stub.Uri.file(clip)]);
      await stub.ui.waitForMessage((m) => m.message.startsWith('Uploaded to Nemo'));
      assert.ok(contextSet().includes(WALKTHROUGH_KEYS.uploaded));
      for (const { args } of walkthroughSets()) assert.equal(args[1], true);
    } finally {
      disposables.forEach((d) => d.dispose());
    }
  });
});
