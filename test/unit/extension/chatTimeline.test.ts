// The @nemo participant keeps the timeline panel current: a chat turn opens it at the first
// timeline and redraws it after each edit; a chat export and a chat upload redraw it too.
import { chatRequest, useWorld, noHistory, stub, type World } from './harness';
import * as assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { createChatHandler } from '../../../src/extension/chat/chatParticipant';
import { TimelinePanel } from '../../../src/extension/timeline/timelinePanel';
import { NemoTimelineController } from '../../../src/extension/timeline/timelineController';
import type { HostMessage, TimelineView } from '../../../src/shared/protocol';

function viewsPosted(page: stub.WebviewPanelStub): TimelineView[] {
  return (page.posted as HostMessage[]).flatMap((m) => (m.type === 'timeline/view/set' ? [m.view] : []));
}

describe('extension: @nemo keeps the timeline panel current', function () {
  this.timeout(60_000);
  let world: World;
  useWorld({ startingCredits: 1000 }, (made) => (world = made));

  it('opens the panel at the first timeline; redraws it after an edit, an upload and an export', async () => {
    const w = world.open();
    const controller = new NemoTimelineController(w.services);
    const handler = createChatHandler(w.services);
    const ask = async (prompt: string, refs: unknown[] = []) => {
      await handler(chatRequest(prompt, undefined, refs), noHistory, new stub.RecordingChatStream(), new stub.CancellationTokenSource().token);
      await controller.whenIdle(); // the panel follows the chat through the window's events
    };

    await ask("make a 5-second video of a lighthouse with the title 'Beacon'");
    assert.ok(TimelinePanel.active, 'the first timeline opens the panel');
    const page = stub.panels.at(-1)!;
    page.receive({ type: 'timeline/page/ready' });

    await ask("change the title to 'Harbour Light'");
    const edited = viewsPosted(page).at(-1)!;
    assert.deepEqual(edited.draft!.tracks.map((t) => t.segments[0].changed), [false, true], 'the edited title is highlighted');

    await mkdir(world.workspace, { recursive: true });
    const file = path.join(world.workspace, 'logo.png');
    await writeFile(file, Buffer.alloc(1000, 2));
    await ask('use this clip', [{ id: 'vscode.file', value: stub.Uri.file(file) }]);
    assert.ok(viewsPosted(page).at(-1)!.media.some((m) => m.name === 'logo.png'), 'the upload is in the media list');

    await ask('export');
    const last = viewsPosted(page).at(-1)!;
    assert.match(last.exported?.name ?? '', /\.mp4$/, 'the chat\'s export plays in the panel');
    const progress = (page.posted as HostMessage[]).flatMap((m) => (m.type === 'timeline/export/progress' ? [m.progress.stage] : []));
    assert.ok(progress.includes('rendering') && progress.at(-1) === 'done', progress.join(' '));
  });
});
