// The timeline panel follows the session whatever changed it: a turn, an upload or an export, from
// the panel, the commands, the Explorer or the chat (which reports through the controller's hooks).
// Against the emulator, with the panel on the vscode stand-in.
import { useWorld, stub, type Window, type World } from './harness';
import * as assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { registerCommands } from '../../../src/extension/commands/commands';
import { runConversationTurn } from '../../../src/extension/chat/conversation';
import { chooseExportTarget, exportCurrentSession } from '../../../src/extension/export/exportFlow';
import { TimelinePanel } from '../../../src/extension/timeline/timelinePanel';
import { NemoTimelineController } from '../../../src/extension/timeline/timelineController';
import type { ExportProgress, HostMessage, TimelineView } from '../../../src/shared/protocol';

const quiet = { progress: () => undefined, text: () => undefined };

function viewsPosted(page: stub.WebviewPanelStub): TimelineView[] {
  return (page.posted as HostMessage[]).flatMap((m) => (m.type === 'timeline/view/set' ? [m.view] : []));
}

function progressPosted(page: stub.WebviewPanelStub): ExportProgress[] {
  return (page.posted as HostMessage[]).flatMap((m) => (m.type === 'timeline/export/progress' ? [m.progress] : []));
}

/** Records how panels are created (the stand-in keeps only the panel). */
function recordPanelCreation(): { shown: { preserveFocus?: boolean }[]; restore: () => void } {
  const original = vscode.window.createWebviewPanel;
  const shown: { preserveFocus?: boolean }[] = [];
  vscode.window.createWebviewPanel = ((...args: Parameters<typeof original>) => {
    shown.push(args[2] as { preserveFocus?: boolean });
    return original(...args);
  }) as typeof original;
  return { shown, restore: () => (vscode.window.createWebviewPanel = original) };
}

describe('extension: the timeline panel follows every entry point', function () {
  this.timeout(60_000);
  let world: World;
  let w: Window;
  let controller: NemoTimelineController;
  let userId: string;

  useWorld({ personalCredits: 1000 }, (made, user) => {
    world = made;
    userId = user!.userId;
    w = world.open();
    controller = new NemoTimelineController(w.services);
  });

  /** A turn as the chat runs it; the controller hears of it from the window's events. */
  async function chatTurn(text: string, newGeneration = false) {
    const report = await runConversationTurn(w.services, text, quiet, { signal: new AbortController().signal, newGeneration });
    await controller.whenIdle();
    return report;
  }

  it('a chat turn: the panel opens beside the chat (focus kept) at the first timeline, and redraws after each edit with the edited block highlighted', async () => {
    const creation = recordPanelCreation();
    try {
      await chatTurn('what can you do?');
      assert.equal(TimelinePanel.active, undefined, 'a plain reply with no timeline opens nothing');
      await chatTurn('make a 5-second video of a lighthouse with the title \'Beacon\'', true);
    } finally {
      creation.restore();
    }
    assert.ok(TimelinePanel.active, 'the first timeline opens the panel');
    assert.deepEqual(creation.shown.map((o) => o.preserveFocus), [true], 'the chat keeps the focus');
    const page = stub.panels.at(-1)!;
    page.receive({ type: 'timeline/page/ready' });
    const ready = page.posted[0] as HostMessage;
    assert.equal(ready.type, 'timeline/snapshot/set');
    assert.deepEqual(ready.snapshot.view?.draft?.tracks.map((t) => t.kind), ['video', 'text'], 'the page gets the first timeline when it is up');

    await chatTurn("change the title to 'Harbour Light'");
    const view = viewsPosted(page).at(-1)!;
    const title = view.draft!.tracks.find((t) => t.kind === 'text')!.segments[0];
    assert.deepEqual([title.text, title.changed], ['Harbour Light', true]);
    assert.equal(view.draft!.tracks.find((t) => t.kind === 'video')!.segments[0].changed, false);
    assert.ok(view.changes.some((c) => /Harbour Light/.test(c)), view.changes.join(' | '));
    assert.equal(stub.panels.at(-1), page, 'the same panel, not a second one');
  });

  it('an export started elsewhere (the chat): the panel shows its stages, then the file to play', async () => {
    await runConversationTurn(w.services, 'make a 5-second video of a lighthouse', quiet, { signal: new AbortController().signal, newGeneration: true });
    await controller.show();
    const page = stub.panels.at(-1)!;
    page.receive({ type: 'timeline/page/ready' });
    await mkdir(world.workspace, { recursive: true });
    const target = await chooseExportTarget('nemo-video.mp4');
    assert.ok(target, 'the configured export folder');
    const result = await exportCurrentSession(w.services, target, undefined);
    await controller.whenIdle();
    const stages = progressPosted(page).map((p) => p.stage);
    assert.ok(stages.includes('rendering') || stages.includes('queued'), stages.join(' '));
    assert.deepEqual(progressPosted(page).at(-1), { stage: 'done', message: path.basename(result.file) });
    assert.deepEqual(viewsPosted(page).at(-1)?.exported, { name: path.basename(result.file), src: `vscode-resource:${result.file}` });
  });

  it('an export started elsewhere that fails: the panel is told why, once, and offers Export again', async () => {
    await runConversationTurn(w.services, 'make a 5-second video of a lighthouse', quiet, { signal: new AbortController().signal, newGeneration: true });
    await controller.show();
    const page = stub.panels.at(-1)!;
    page.receive({ type: 'timeline/page/ready' });
    world.emu.faults.add({ method: 'POST', path: '/api/render/proxy/lambda', fault: { kind: 'renderFail', error: 'encoder crashed' } });
    const target = await chooseExportTarget('nemo-video.mp4');
    await assert.rejects(exportCurrentSession(w.services, target!, undefined), /encoder crashed/);
    const ends = progressPosted(page).filter((p) => p.stage === 'failed' || p.stage === 'done');
    assert.equal(ends.length, 1, JSON.stringify(ends));
    assert.equal(ends[0].stage, 'failed');
    assert.match(ends[0].message ?? '', /encoder crashed/);
  });

  it('shows the credits balance as the status bar does: at once when known, then after every change', async () => {
    const credits = () => (stub.panels.at(-1)!.posted as HostMessage[]).flatMap((m) => (m.type === 'timeline/credits/set' ? [m.credits.available] : []));
    const statusBar = () => stub.statusBarItems.at(-1)!.text;
    await runConversationTurn(w.services, 'make a 5-second video of a lighthouse', quiet, { signal: new AbortController().signal, newGeneration: true });
    assert.equal(statusBar(), '$(credit-card) 900', 'the turn\'s cost reached the status bar');

    await controller.show();
    const page = stub.panels.at(-1)!;
    page.receive({ type: 'timeline/page/ready' });
    const ready = page.posted[0] as HostMessage;
    assert.equal(ready.type === 'timeline/snapshot/set' && ready.snapshot.credits?.available, 900, 'a new panel starts with the balance already seen');

    await chatTurn("change the title to 'Harbour Light'");
    assert.equal(credits().at(-1), w.services.credits.available);
    assert.ok(credits().at(-1)! < 900, `an edit costs credits: ${credits().join(', ')}`);

    world.emu.setCredits(userId, 4321);
    page.receive({ type: 'timeline/credits/show' });
    await stub.ui.waitForMessage((m) => /Nemo credits: 4321 available/.test(m.message));
    assert.equal(credits().at(-1), 4321, 'the panel\'s own Credits button updates its line');
    assert.equal(statusBar(), '$(credit-card) 4321', 'and the status bar says the same');
  });

  it('an Explorer upload redraws the open panel with the uploaded file among the media', async () => {
    await runConversationTurn(w.services, 'make a 5-second video of a lighthouse', quiet, { signal: new AbortController().signal, newGeneration: true });
    await controller.show();
    const page = stub.panels.at(-1)!;
    page.receive({ type: 'timeline/page/ready' });
    const before = viewsPosted(page).length;
    const disposables = registerCommands(w.services, controller);
    try {
      await mkdir(world.workspace, { recursive: true });
      const file = path.join(world.workspace, 'logo.png');
      await writeFile(file, Buffer.alloc(1000, 2));
      await stub.commands.executeCommand('nemo.uploadFiles', stub.Uri.file(file), [stub.Uri.file(file)]);
      await controller.whenIdle();
    } finally {
      disposables.forEach((d) => d.dispose());
    }
    assert.equal(viewsPosted(page).length, before + 1, 'one redraw after the upload');
    assert.deepEqual(viewsPosted(page).at(-1)!.media.map((m) => [m.name, m.kind]), [['video of a lighthouse', 'video'], ['logo.png', 'image']]);
  });

  it('a turn typed in the panel redraws it with the changes highlighted', async () => {
    await runConversationTurn(w.services, 'make a 5-second video of a lighthouse with lo-fi music', quiet, { signal: new AbortController().signal, newGeneration: true });
    await controller.show();
    const page = stub.panels.at(-1)!;
    page.receive({ type: 'timeline/page/ready' });
    page.receive({ type: 'timeline/prompt/send', text: 'swap the music' });
    await world.emu.waitFor(() => viewsPosted(page).some((v) => v.changes.length > 0));
    const view = viewsPosted(page).at(-1)!;
    assert.deepEqual(view.draft!.tracks.map((t) => t.segments.map((s) => s.changed)), [[false], [true]]);
  });
});
