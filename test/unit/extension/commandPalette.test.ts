// The commands a person uses without a Chat view, through the stand-in UI, against the emulator:
// Generate Video…'s steps and defaults, the low-credit warning, Send Message…, New Session, and
// the session a workspace keeps across windows.
import { makeWorld, stub, type World } from './harness';
import * as assert from 'node:assert/strict';
import { collectGeneration, checkSeconds } from '../../../src/extension/commands/generateInput';
import { examplePrompts } from '../../../src/chat';
import { generateVideo, registerCommands, sendMessage } from '../../../src/extension/commands/commands';
import { runConversationTurn } from '../../../src/extension/chat/conversation';
import { NemoTimelineController } from '../../../src/extension/timeline/timelineController';
import { TimelinePanel } from '../../../src/extension/timeline/timelinePanel';

type Win = ReturnType<World['open']>;

const quiet = { progress: () => undefined, text: () => undefined };

interface PickPrompt { kind: 'pick'; items: { label: string }[]; title: string }

describe('extension: commands without a Chat view', function () {
  this.timeout(60_000);
  let world: World;
  beforeEach(async () => {
    world = await makeWorld({ startingCredits: 1000 });
  });
  afterEach(async () => {
    TimelinePanel.active?.dispose();
    await world.close();
  });

  const turns = () => world.emu.requests.filter((r) => r.path === '/run_sse').length;
  const sessionId = () => String(world.storage.workspaceState.get('nemo.sessionId'));
  const draftOf = (id: string) => JSON.parse(world.emu.store.sessions.get(id)!.draftJson!) as { d: number; m: { width: number; height: number }; t: { tt: number }[] };

  it('Generate Video…: the examples are offered, and Enter through every step takes 16:9, 15 s and music', async () => {
    let first: PickPrompt | undefined;
    const shown: string[] = [];
    stub.ui.answer(
      (p: PickPrompt) => { first = p; shown.push(p.title); return 0; }, // "Describe your own video…"
      'a lighthouse at dusk',
      (p: PickPrompt) => { shown.push(p.title); return 0; }, // Enter: 16:9
      '', // Enter: the default length
      (p: PickPrompt) => { shown.push(p.title); return 0; }, // Enter: with music
    );
    const message = await collectGeneration();
    assert.deepEqual(first!.items.slice(1).map((i) => i.label), examplePrompts(), 'every example prompt is offered');
    assert.deepEqual(shown, ['Nemo: Generate Video (1/4)', 'Nemo: Generate Video (2/4)', 'Nemo: Generate Video (4/4)']);
    assert.equal(message, 'Create a video: a lighthouse at dusk. Aspect ratio 16:9 (landscape). Length: about 15 seconds. Add background music.');

    // The folded message drives the agent: the emulator builds the draft from those words.
    const w = world.open();
    stub.ui.answer(0, 'a lighthouse at dusk', '', '', '');
    await generateVideo(new NemoTimelineController(w.services));
    const draft = draftOf(sessionId());
    assert.ok(draft.m.width > draft.m.height, 'landscape');
    assert.equal(draft.d, 15_000);
    assert.ok(draft.t.some((t) => t.tt === 1), 'background music');
  });

  it('Generate Video…: the length is a whole number from 5 to 60, and Escape at any step sends nothing', async () => {
    for (const ok of ['5', '60', ' 30 ']) assert.equal(checkSeconds(ok), undefined, ok);
    for (const bad of ['4', '61', '12.5', '', 'ten']) assert.match(String(checkSeconds(bad)), /5 to 60/, bad);

    const w = world.open();
    const controller = new NemoTimelineController(w.services);
    for (let answered = 0; answered < 5; answered++) {
      stub.ui.answer(...[0, 'a lighthouse', '', '', ''].slice(0, answered)); // then Escape
      await generateVideo(controller);
      assert.equal(stub.ui.answers.length, 0);
    }
    assert.equal(turns(), 0);
    assert.equal(TimelinePanel.active, undefined, 'no panel opened for a cancelled input');
  });

  it('Generate Video… under one clip\'s credits (fetched in a fresh window) warns first (modal) and sends only when the person goes on', async () => {
    const w = world.open();
    const client = await w.services.clients.get();
    world.emu.setCredits((await client.identity()).userId!, 60); // this window has not seen the balance yet
    const controller = new NemoTimelineController(w.services);

    await generateVideo(controller, 'make a 5-second video of a lighthouse'); // no answer: the warning is dismissed
    const warning = stub.ui.messages.find((m) => m.level === 'warning')!;
    assert.ok(warning.modal);
    assert.match(warning.message, /60 credits.*about 100/);
    assert.deepEqual(warning.items, ['Generate Anyway']);
    assert.equal(turns(), 0, 'declined: nothing sent');

    stub.ui.answer('Generate Anyway');
    await generateVideo(controller, 'make a 5-second video of a lighthouse');
    assert.equal(turns(), 1);
  });

  it('Send Message… runs a turn shown in the timeline panel; non-message intents do not stream', async () => {
    const w = world.open();
    const controller = new NemoTimelineController(w.services);
    await controller.show();
    const page = stub.panels.at(-1)!;
    page.receive({ type: 'timeline/page/ready' });
    stub.ui.answer('make a 5-second video of a lighthouse');
    await sendMessage(controller);
    assert.ok(TimelinePanel.active, 'the panel is open');
    assert.equal(stub.panels.at(-1), page, 'the same panel shows the turn');
    assert.equal(turns(), 1);
    const posted = JSON.stringify(page.posted);
    assert.match(posted, /This turn used \d+ credits/, 'the closing lines reach the panel');

    stub.ui.answer('credits');
    await sendMessage(controller);
    assert.equal(turns(), 1, '"credits" shows the balance instead of streaming');
    assert.ok(stub.ui.messages.some((m) => /Nemo credits: \d+ available/.test(m.message)));

    await sendMessage(controller); // Escape
    assert.equal(turns(), 1);
  });

  it('Send Message… after a lost session (1002): a new video is resent, an edit of the lost timeline never is', async () => {
    const w = world.open();
    const controller = new NemoTimelineController(w.services);
    await controller.show();
    const page = stub.panels.at(-1)!;
    page.receive({ type: 'timeline/page/ready' });
    await sendMessage(controller, 'make a 5-second video of a lighthouse');
    world.emu.store.sessions.clear();
    await sendMessage(controller, 'make a 5-second video of a harbour');
    assert.equal(turns(), 2);
    assert.match(JSON.stringify(page.posted), /timeline is gone/);
    assert.ok(world.emu.store.sessions.get(sessionId())?.draftJson, 'the new session has the new video');

    world.emu.store.sessions.clear();
    await sendMessage(controller, 'add upbeat music');
    assert.equal(turns(), 2, 'the edit was not sent into the new session');
    assert.ok(stub.ui.messages.some((m) => m.level === 'error' && /session|timeline/i.test(m.message)));
  });

  it('Send Message… asking for a new video under one clip\'s credits warns first; an edit does not', async () => {
    const w = world.open();
    const client = await w.services.clients.get();
    world.emu.setCredits((await client.identity()).userId!, 60);
    const controller = new NemoTimelineController(w.services);
    await sendMessage(controller, 'make a 5-second video of a lighthouse'); // warning dismissed
    assert.ok(stub.ui.messages.some((m) => m.modal && /60 credits/.test(m.message)));
    assert.equal(turns(), 0);
    const warnings = stub.ui.messages.length;
    await sendMessage(controller, 'make it 9:16');
    assert.equal(stub.ui.messages.slice(warnings).filter((m) => m.modal).length, 0);
    assert.equal(turns(), 1);
  });

  it('New Session starts a new timeline; another window on the workspace continues the same session', async () => {
    const a = world.open();
    await runConversationTurn(a.services, 'make a 5-second video of a lighthouse', quiet, { signal: new AbortController().signal, newGeneration: true });
    const first = sessionId();

    // A reload: a new window on the same stored state edits the same timeline.
    const b: Win = world.open();
    await runConversationTurn(b.services, 'make it 9:16', quiet, { signal: new AbortController().signal, newGeneration: false });
    assert.equal(sessionId(), first);
    assert.equal(world.emu.store.sessions.size, 1);
    assert.equal(world.emu.store.sessions.get(first)!.turns, 2);

    const disposables = registerCommands(b.services, new NemoTimelineController(b.services));
    try {
      await stub.commands.executeCommand('nemo.newSession');
      assert.notEqual(sessionId(), first);
      assert.ok(world.emu.store.sessions.has(sessionId()));
      assert.ok(stub.ui.messages.some((m) => /new timeline/.test(m.message)));
    } finally {
      disposables.forEach((d) => d.dispose());
    }
  });
});
