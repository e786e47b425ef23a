// The credits status bar and details, and "Upload to Nemo" from the Explorer, against the emulator.
import { useWorld, stub, type World } from './harness';
import * as assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { showCredits } from '../../../src/extension/credits/creditsStatusBar';
import { registerCommands } from '../../../src/extension/commands/commands';
import { NemoTimelineController } from '../../../src/extension/timeline/timelineController';

describe('extension: credits status and Explorer upload', function () {
  this.timeout(30_000);
  let world: World;
  useWorld({ startingCredits: 100 }, (made) => (world = made));

  it('shows the balance in the status bar, in the warning colour under one generation', async () => {
    const w = world.open();
    const item = stub.statusBarItems.at(-1)!;
    await showCredits(w.services);
    assert.equal(item.visible, true);
    assert.match(item.text, /100/);
    assert.equal(item.backgroundColor, undefined);
    assert.equal(item.command, 'nemo.showCredits');
    const who = await (await w.services.clients.get()).identity();
    world.emu.setCredits(who.userId!, 40);
    stub.ui.answer('Register for More Credits');
    await showCredits(w.services);
    assert.match(item.text, /40/);
    assert.equal((item.backgroundColor as unknown as stub.ThemeColor).id, 'statusBarItem.warningBackground');
    assert.deepEqual(stub.ui.opened, [`https://nemovideo.com/register?bind=${encodeURIComponent(who.userId!)}`], 'anonymous and short of credits: the registration link');
  });

  it('uploads the Explorer selection with byte progress', async () => {
    const w = world.open();
    const disposables = registerCommands(w.services, new NemoTimelineController(w.services));
    try {
      await mkdir(world.workspace, { recursive: true });
      const a = path.join(world.workspace, 'a.mp4');
      const b = path.join(world.workspace, 'b.png');
      await writeFile(a, Buffer.alloc(300_000, 1));
      await writeFile(b, Buffer.alloc(1000, 2));
      await stub.commands.executeCommand('nemo.uploadFiles', stub.Uri.file(a), [stub.Uri.file(a), stub.Uri.file(b)]);
      const done = await stub.ui.waitForMessage((m) => m.message.startsWith('Uploaded to Nemo'));
      assert.match(done.message, /a\.mp4.*b\.png/);
      const progress = stub.ui.progress.find((p) => p.title.includes('uploading'))!;
      assert.ok(progress.cancellable);
      assert.ok(progress.reports.some((r) => / of 0\.3 MB/.test(r)), progress.reports.join(' | '));
      assert.equal(world.emu.requests.filter((r) => r.path.startsWith('/api/upload-video')).length, 1, 'one multipart request');
    } finally {
      disposables.forEach((d) => d.dispose());
    }
  });

  it('Upload to Nemo with nothing selected (the walkthrough\'s button) asks for media files, uploads them, and does nothing when cancelled', async () => {
    const w = world.open();
    const disposables = registerCommands(w.services, new NemoTimelineController(w.services));
    try {
      await stub.commands.executeCommand('nemo.uploadFiles'); // cancelled: nothing sent
      assert.equal(stub.ui.openDialogs.length, 1);
      assert.ok(stub.ui.openDialogs[0].canSelectMany);
      assert.ok(Object.values(stub.ui.openDialogs[0].filters ?? {})[0].includes('mp4'), 'only the formats Nemo accepts');
      assert.equal(world.emu.requests.filter((r) => r.path.startsWith('/api/upload-video')).length, 0);

      await mkdir(world.workspace, { recursive: true });
      const clip = path.join(world.workspace, 'clip.mp4');
      await writeFile(clip, Buffer.alloc(50_000, 1));
      stub.ui.openDialogAnswer = [stub.Uri.file(clip)];
      await stub.commands.executeCommand('nemo.uploadFiles');
      const done = await stub.ui.waitForMessage((m) => m.message.startsWith('Uploaded to Nemo'));
      assert.match(done.message, /clip\.mp4/);
      assert.equal(world.emu.requests.filter((r) => r.path.startsWith('/api/upload-video')).length, 1);
    } finally {
      disposables.forEach((d) => d.dispose());
    }
  });
});
