// The commands a person uses without a Chat view, through the stand-in UI, against the emulator:
// Generate Video…'s steps and defaults, the low-credit warning, Send Message…, New Session, and
// the session a workspace keeps across windows.
import { useWorld, stub, type World } from './harness';
import * as assert from 'node:assert/strict';
import { collectGeneration, checkSeconds, parseSeconds } from '../../../src/extension/commands/generateInput';
import { examplePrompts } from '../../../src/chat';
import { generateVideo, registerCommands, sendMessage } from '../../../src/extension/commands/commands';
import { runConversationTurn } from '../../../src/extension/chat/conversation';
import { NemoTimelineController } from '../../../src/extension/timeline/timelineController';
import { TimelinePanel } from '../../../src/extension/timeline/timelinePanel';

type Win = ReturnType<World['open']>;

const quiet = { progress: () => undefined, text: () => undefined };

interface PickPrompt { kind: 'pick'; items: { label: string }[]; title: string; step: number; totalSteps: number; placeholder?: string; buttons: unknown[] }

describe('extension: commands without a Chat view', function () {
  this.timeout(60_000);
  let world: World;
  useWorld({ startingCredits: 1000 }, (made) => (world = made));

  const turns = () => world.emu.requests.filter((r) => r.path === '/run_sse').length;
  const sessionId = () => String(world.storage.workspaceState.get('nemo.sessionId'));
  const draftOf = (id: string) => JSON.parse(world.emu.store.sessions.get(id)!.draftJson!) as { d: number; m: { width: number; height: number }; t: { tt: number }[] };

  it('Generate Video…: a description typed in the first step is offered first and taken by Enter, the examples stay, and Enter through the defaults takes 16:9, 15 s and music', async () => {
    const shown: PickPrompt[] = [];
    stub.ui.answer(
      (p: PickPrompt) => { shown.push(p); return 'a lighthouse at dusk'; }, // typed, then Enter
      (p: PickPrompt) => { shown.push(p); return ''; }, // Enter: 16:9
      '', // Enter: the default length
      (p: PickPrompt) => { shown.push(p); return ''; }, // Enter: with music
    );
    const message = await collectGeneration();
    assert.deepEqual(stub.ui.stuck, []);
    assert.equal(message, 'Create a video: a lighthouse at dusk. Aspect ratio 16:9 (landscape). Length: about 15 seconds. Add background music.');
    assert.deepEqual(shown[0].items.map((i) => i.label), examplePrompts(), 'before typing, every example prompt is offered');
    assert.match(shown[0].placeholder ?? '', /Type what the video should show and press Enter/);
    assert.deepEqual(shown.map((p) => [p.title, p.step, p.totalSteps]), [['Nemo: Generate Video', 1, 4], ['Nemo: Generate Video', 2, 4], ['Nemo: Generate Video', 4, 4]]);
    assert.equal(shown[0].buttons.length, 0, 'no Back on the first step');
    assert.equal(shown[1].buttons[0], stub.QuickInputButtons.Back);

    // The folded message drives the agent: the emulator builds the draft from those words.
    const w = world.open();
    stub.ui.answer('a lighthouse at dusk', '', '', '');
    await generateVideo(new NemoTimelineController(w.services));
    const draft = draftOf(sessionId());
    assert.ok(draft.m.width > draft.m.height, 'landscape');
    assert.equal(draft.d, 15_000);
    assert.ok(draft.t.some((t) => t.tt === 1), 'background music');
  });

  it('Generate Video…: the typed text leads the list even when it matches an example, and picking an example still works', async () => {
    // "smartwatch" also matches the first example, which stays visible below it: Enter takes the typed words.
    assert.ok(examplePrompts()[0].includes('smartwatch'));
    stub.ui.answer('smartwatch', '', '', '');
    assert.equal(await collectGeneration(), 'Create a video: smartwatch. Aspect ratio 16:9 (landscape). Length: about 15 seconds. Add background music.');

    stub.ui.answer(2, '', '', '');
    assert.match(String(await collectGeneration()), new RegExp(`^Create a video: ${examplePrompts()[2].replace(/[.*+?^${}()|[\]\\]/g, '\\$&').slice(0, 40)}`));
    assert.deepEqual(stub.ui.stuck, []);
  });

  it('Generate Video…: Enter on what is typed works in every step (a ratio by name, "20s", "no")', async () => {
    stub.ui.answer('a lighthouse', 'vertical', '20s', 'no');
    const message = await collectGeneration();
    assert.deepEqual(stub.ui.stuck, []);
    assert.equal(message, 'Create a video: a lighthouse. Aspect ratio 9:16 (vertical). Length: about 20 seconds. No background music.');
    for (const [typed, seconds] of [['5', 5], ['60', 60], [' 30 ', 30], ['20 seconds', 20], ['1 min', 60], ['20秒', 20]] as const) assert.equal(parseSeconds(typed), seconds, typed);
    for (const bad of ['4', '61', '12.5', '', 'ten', '2 min']) assert.match(String(checkSeconds(bad)), /5 to 60/, bad);
  });

  it('Generate Video…: Back returns to the previous step showing what was chosen there, and the answers given after it count', async () => {
    const seen: { step: number; value?: string; active?: { label: string } }[] = [];
    const at = (answer: unknown) => (p: { step: number; value?: string; active?: { label: string } }) => { seen.push({ step: p.step, value: p.value, active: p.active }); return answer; };
    stub.ui.answer(
      at('a lighthouse'), // 1
      at('9:16'), // 2
      at(stub.BACK), // 3: back to 2
      at(stub.BACK), // 2: back to 1
      at('a harbour at dawn'), // 1 again: the typed text replaced
      at(''), // 2: Enter keeps 9:16, chosen before
      at('25'), // 3
      at(stub.BACK), // 4: back to 3
      at(''), // 3: Enter keeps 25
      at('No music'), // 4
    );
    const message = await collectGeneration();
    assert.deepEqual(stub.ui.stuck, []);
    assert.deepEqual(seen.map((s) => s.step), [1, 2, 3, 2, 1, 2, 3, 4, 3, 4]);
    assert.equal(seen[3].active?.label, '9:16', 'back on the ratio: the earlier choice is highlighted');
    assert.equal(seen[4].value, 'a lighthouse', 'back on the description: what was typed is there to edit');
    assert.equal(seen[8].value, '25', 'back on the length: the length given');
    assert.equal(message, 'Create a video: a harbour at dawn. Aspect ratio 9:16 (vertical). Length: about 25 seconds. No background music.');
  });

  it('Generate Video…: a length that is not one is refused in place with the reason, and Escape at any step sends nothing', async () => {
    stub.ui.answer('a lighthouse', '', 'ten');
    assert.equal(await collectGeneration(), undefined);
    assert.equal(stub.ui.stuck.length, 1);
    assert.match(stub.ui.stuck[0], /Enter on "ten" did nothing \(A whole number of seconds from 5 to 60\.\)/);
    stub.ui.stuck.length = 0;

    const w = world.open();
    const controller = new NemoTimelineController(w.services);
    for (let answered = 0; answered < 4; answered++) {
      stub.ui.answer(...['a lighthouse', '', '', ''].slice(0, answered)); // then Escape
      await generateVideo(controller);
      assert.equal(stub.ui.answers.length, 0);
    }
    assert.deepEqual(stub.ui.stuck, []);
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
