// Exports started from the timeline panel, against the emulator, with the panel on the vscode
// stand-in: what the page is told while a render runs, when it fails or is cancelled, and after.
import { useWorld, stub, type World } from './harness';
import * as assert from 'node:assert/strict';
import { mkdir, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import type { ExportedVideo, ExportProgress, HostMessage } from '../../../src/shared/protocol';
import { runConversationTurn } from '../../../src/extension/chat/conversation';
import { NemoTimelineController } from '../../../src/extension/timeline/timelineController';

const quiet = { progress: () => undefined, text: () => undefined };

/** Every export progress the host posted to the page, in order. */
function progressPosted(page: stub.WebviewPanelStub): ExportProgress[] {
  return (page.posted as HostMessage[]).flatMap((m) => (m.type === 'timeline/export/progress' ? [m.progress] : []));
}

/** The latest export the page was given to play, from the last view posted. */
function exportedShown(page: stub.WebviewPanelStub): ExportedVideo | undefined {
  const views = (page.posted as HostMessage[]).flatMap((m) => (m.type === 'timeline/view/set' ? [m.view] : []));
  return views.at(-1)?.exported;
}

function resourceRoots(page: stub.WebviewPanelStub): string[] {
  return ((page.webview.options as vscode.WebviewOptions).localResourceRoots ?? []).map((u) => u.fsPath);
}

describe('extension: exports from the timeline panel', function () {
  this.timeout(60_000);
  let world: World;
  let controller: NemoTimelineController;
  let page: stub.WebviewPanelStub;

  useWorld({ personalCredits: 1000 }, (made) => (world = made));
  beforeEach(async () => {
    const w = world.open();
    await runConversationTurn(w.services, 'make a 5-second video of a lighthouse', quiet, { signal: new AbortController().signal, newGeneration: true });
    controller = new NemoTimelineController(w.services);
    await controller.show();
    page = stub.panels.at(-1)!;
    page.receive({ type: 'timeline/page/ready' });
  });

  it('a failed render reaches the page as "failed" with the reason, so Export is offered again', async () => {
    world.emu.faults.add({ method: 'POST', path: '/api/render/proxy/lambda', fault: { kind: 'renderFail', error: 'encoder crashed' } });
    await controller.exportVideo();
    const shown = await stub.ui.waitForMessage((m) => m.level === 'error');
    const stages = progressPosted(page);
    assert.ok(stages.some((p) => p.stage === 'rendering' || p.stage === 'queued'), JSON.stringify(stages));
    assert.deepEqual(stages.at(-1), { stage: 'failed', message: shown.message });
    assert.equal(stages.filter((p) => p.stage === 'failed').length, 1, 'the end is reported once');
  });

  it('a failure reason from the server shows no working command link in the notification, and reaches the page as text', async () => {
    const reason = '[Fix it](command:nemo.signOut) <b>now</b>';
    world.emu.faults.add({ method: 'POST', path: '/api/render/proxy/lambda', fault: { kind: 'renderFail', error: reason } });
    await controller.exportVideo();
    const shown = await stub.ui.waitForMessage((m) => m.level === 'error');
    assert.match(shown.message, /Fix it/);
    assert.doesNotMatch(shown.message, /\]\(/, 'no [label](target) for the notification to turn into a link');
    const failed = progressPosted(page).at(-1);
    assert.equal(failed?.stage, 'failed');
    assert.ok(failed.message?.includes(reason), 'the page gets the words as they are (it inserts them as text)');
  });

  it('a cancelled export reaches the page as "cancelled"', async () => {
    const exporting = controller.exportVideo();
    await world.emu.waitFor(() => progressPosted(page).some((p) => p.stage === 'rendering' || p.stage === 'queued'));
    stub.ui.progress.find((p) => p.title.includes('exporting') && !p.done)!.cancel();
    await exporting;
    const last = progressPosted(page).at(-1);
    assert.equal(last?.stage, 'cancelled');
    assert.ok(last.message, 'with the words the person reads');
    assert.deepEqual(stub.ui.messages.filter((m) => m.level === 'error'), [], 'a cancel is not an error');
  });

  it('the page gets the exported file to play, from the folder it was written to', async () => {
    const videos = path.join(world.workspace, 'videos');
    await controller.exportVideo();
    const [file] = await readdir(videos);
    assert.deepEqual(exportedShown(page), { name: file, src: `vscode-resource:${path.join(videos, file)}` });
    assert.deepEqual(progressPosted(page).at(-1), { stage: 'done', message: file });
  });

  it('an export saved through the dialog (no folder open) is playable in the panel too', async () => {
    stub.setWorkspace(undefined);
    const chosen = path.join(world.root, 'elsewhere', 'my-clip.mp4');
    await mkdir(path.dirname(chosen), { recursive: true });
    stub.ui.saveDialogAnswer = stub.Uri.file(chosen);
    await controller.exportVideo();
    assert.deepEqual(exportedShown(page), { name: 'my-clip.mp4', src: `vscode-resource:${chosen}` });
    const roots = resourceRoots(page);
    assert.ok(roots.includes(path.dirname(chosen)), roots.join(', '));
    assert.ok(!roots.includes(path.join(world.workspace, 'videos')), 'one export folder at a time');
  });
});
