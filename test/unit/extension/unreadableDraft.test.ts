// A Draft V3 timeline in the editor (issue 10 point 6): the extension on the vscode stand-in with
// the real client against the emulator's `draftFormat: 'v3'`. The chat's summary and "status", the
// timeline panel and the language model tools say this version cannot draw it (never "no timeline
// yet"); "Nemo: Export Video" sends the draft's bytes untouched and saves the MP4; "Export Locally"
// says in words why it cannot.
import { chatRequest, noHistory, stub, useWorld, type World } from './harness';
import * as assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createChatHandler, type NemoChatResult } from '../../../src/extension/chat/chatParticipant';
import { NemoTimelineController } from '../../../src/extension/timeline/timelineController';
import { registerLanguageModelTools } from '../../../src/extension/tools/languageModelTools';
import type { HostMessage, TimelineView } from '../../../src/shared/protocol';
import { parseDraft } from '../../emulator/agent';
import { draftV3Json } from '../../emulator/draftV3';
import { FFMPEG } from '../../support/media';
import { probeVideo } from '../cli/mp4Probe';

const CANNOT_DRAW = /Timeline: this version cannot draw it \(it is in Draft V3\); it can still be exported\./;

async function ask(w: ReturnType<World['open']>, prompt: string, command?: string) {
  const stream = new stub.RecordingChatStream();
  const token = new stub.CancellationTokenSource().token;
  const result = (await createChatHandler(w.services)(chatRequest(prompt, command), noHistory, stream as unknown as vscode.ChatResponseStream, token as unknown as vscode.CancellationToken)) as NemoChatResult;
  return { stream, result };
}

function viewsPosted(page: stub.WebviewPanelStub): TimelineView[] {
  return (page.posted as HostMessage[]).flatMap((m) => (m.type === 'timeline/view/set' ? [m.view] : m.type === 'timeline/snapshot/set' && m.snapshot.view ? [m.snapshot.view] : []));
}

describe('extension: a Draft V3 timeline (a draft this version cannot read)', function () {
  this.timeout(60_000);
  let world: World;
  let w: ReturnType<World['open']>;

  useWorld({ personalCredits: 1000, draftFormat: 'v3' }, (made) => (world = made));
  beforeEach(async () => {
    w = world.open();
    const made = await ask(w, 'make a 2-second video of a lighthouse');
    assert.equal(made.result.errorDetails, undefined);
    assert.match(made.stream.text, CANNOT_DRAW, 'the turn closes with the summary');
  });

  /** The draft exactly as the state serves it. */
  async function servedDraft(): Promise<string> {
    const sessionId = (await w.services.sessions.get())!;
    return draftV3Json(parseDraft(world.emu.store.sessions.get(sessionId)!.draftJson)!);
  }

  it('@nemo status says this version cannot draw it, not "no timeline yet"', async () => {
    const { stream, result } = await ask(w, 'status');
    assert.equal(result.metadata.intent, 'status');
    assert.match(stream.text, CANNOT_DRAW);
    assert.doesNotMatch(stream.text, /No timeline yet|The timeline is empty/);
    assert.deepEqual(stream.parts.filter((p) => p.kind === 'button').map((p) => (p.value as vscode.Command).command), ['nemo.openWebEditor', 'nemo.showTimeline'], 'the web editor draws what this version cannot');
  });

  it('Export Video sends the draft byte-for-byte, once, and saves a playable MP4', async () => {
    stub.ui.answer('Copy Path');
    await new NemoTimelineController(w.services).exportVideo();
    await stub.ui.waitForMessage((m) => m.message.startsWith('Video saved'));
    const submits = world.emu.requests.filter((r) => r.method === 'POST' && r.path === '/api/render/proxy/lambda');
    assert.equal(submits.length, 1);
    const [job] = [...world.emu.renders.values()];
    assert.equal(job.rawDraft, await servedDraft());
    const videos = path.join(world.workspace, 'videos');
    const [file] = (await readdir(videos)).filter((f) => f.endsWith('.mp4'));
    assert.equal((await probeVideo(path.join(videos, file))).codec, 'h264');
  });

  it('Export Locally says in words that it cannot render a Draft V3 here, and writes nothing', async () => {
    stub.setConfig('nemo.ffmpegPath', FFMPEG);
    await new NemoTimelineController(w.services).exportLocally();
    const error = await stub.ui.waitForMessage((m) => m.level === 'error');
    assert.match(error.message, /cannot render this timeline on this machine: it is in Draft V3\. Export it with Nemo's cloud export instead\./);
    assert.equal(world.emu.renders.size, 0, 'nothing sent to the cloud either');
  });

  it('the timeline panel is told the draft is unreadable (its format named), not given an empty timeline', async () => {
    const controller = new NemoTimelineController(w.services);
    await controller.show();
    const page = stub.panels.at(-1)!;
    page.receive({ type: 'timeline/page/ready' });
    await world.emu.waitFor(() => viewsPosted(page).some((v) => v.unreadableDraft !== undefined));
    const view = viewsPosted(page).at(-1)!;
    assert.deepEqual(view.unreadableDraft, { formatName: 'Draft V3' });
    assert.equal(view.draft, undefined);
  });

  it('the language model tools read the same: show timeline says it, and it is ready to export', async () => {
    const registrations = registerLanguageModelTools(w.services);
    try {
      const result = await vscode.lm.invokeTool('nemo_show_timeline', { input: {}, toolInvocationToken: undefined });
      const text = result.content.map((p) => (p instanceof stub.LanguageModelTextPart ? p.value : '')).join('\n');
      assert.match(text, CANNOT_DRAW);
      assert.match(text, /Ready to export/);
    } finally {
      for (const r of registrations) r.dispose();
    }
  });
});
