// "The panel draws every draft the emulator can produce": the emulator's agent is driven through
// every generation and edit phrase it understands (test/emulator/README.md), by the real client,
// and each resulting state goes through the real view-state mapping into one page in headless
// Chromium, one update after another, as a panel receives them.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { toTimelineViewState } from '../../src/extension/timeline/viewState';
import type { NemoClient } from '../../src/nemo/client';
import type { TimelineView } from '../../src/shared/protocol';
import type { Emulator } from '../emulator';
import { openPage, type PageWorld, startPageWorld, type TimelinePage } from './pageHarness';

/** Every phrase kind the agent knows, in an order where each one acts on the draft the last left. */
const SCRIPT: { say: string; expect: 'chat' | 'generation' | 'edit'; nothingToHighlight?: true }[] = [
  { say: 'what can you do?', expect: 'chat' },
  { say: 'swap the music', expect: 'chat' }, // an edit with no video yet
  { say: 'make something calm by the sea', expect: 'generation' }, // no draft: any "make …" generates
  { say: 'make the title bigger', expect: 'chat' }, // no title yet
  { say: "change the title to 'Calm Waters'", expect: 'edit' },
  { say: 'make the title bigger', expect: 'edit' },
  { say: 'make the title bigger', expect: 'edit' }, // _large → _xl
  { say: 'add jazz music', expect: 'edit' },
  { say: 'swap the music', expect: 'edit' },
  { say: 'remove the music', expect: 'edit', nothingToHighlight: true }, // the changed track is gone
  { say: 'change the music', expect: 'edit' }, // with no music track: adds one
  { say: 'make it 9:16', expect: 'edit', nothingToHighlight: true }, // the canvas: shown in the header
  { say: 'make it square', expect: 'edit', nothingToHighlight: true },
  { say: 'make it 15 seconds', expect: 'edit' },
  { say: 'make it 4 seconds', expect: 'edit' },
  { say: "make another video: a 6s vertical promo of a coffee shop with upbeat music and the title 'Brew'", expect: 'generation' },
  { say: '生成一个关于雪山的视频', expect: 'generation' },
  { say: 'create a 20-second 16:9 trailer for a space game with epic soundtrack', expect: 'generation' },
  { say: 'make a 1:1 reel of street food', expect: 'generation' },
  { say: 'produce a landscape explainer about tides', expect: 'generation' },
  { say: 'build an intro', expect: 'generation' },
  { say: 'make a 3.5s clip of rain', expect: 'generation' },
];

const KINDS: Record<number, string> = { 0: 'video', 1: 'audio', 7: 'text' };

describe('timeline page draws every draft the emulator can produce (Chromium)', function () {
  let world: PageWorld;
  let emu: Emulator;
  let client: NemoClient;
  let p: TimelinePage;

  before(async () => {
    world = await startPageWorld(100_000);
    ({ emu, client } = world);
    p = await openPage(world.browser, world.server);
  });
  after(async () => {
    await world?.close();
  });

  /** What the page shows, read in one go. */
  const readPage = () => p.page.evaluate(() => ({
    emptyShown: !document.querySelector<HTMLElement>('.empty')!.hidden,
    title: document.querySelector('.title')?.textContent,
    facts: document.querySelector('.facts')?.textContent,
    lanes: [...document.querySelectorAll<HTMLElement>('.lane')].map((l) => ({
      kind: l.dataset.kind,
      label: l.querySelector('.lane-label')?.textContent,
      blocks: [...l.querySelectorAll<HTMLElement>('.segment')].map((s) => ({ label: s.textContent, changed: s.classList.contains('changed'), aria: s.getAttribute('aria-label') })),
    })),
    lastEdit: document.querySelector<HTMLElement>('.last-edit')!.hidden ? [] : [...document.querySelectorAll('.last-edit li')].map((li) => li.textContent),
    media: [...document.querySelectorAll('.media-name')].map((m) => m.textContent),
  }));

  it('draws each turn\'s draft: one lane per track of the raw draft, every segment, the header facts and the changed blocks', async () => {
    const { sessionId } = await client.createSession();
    const rawDraft = () => {
      const json = emu.store.sessions.get(sessionId)?.draftJson;
      return json === undefined ? undefined : JSON.parse(json) as { d: number; m: { title?: string; width: number; height: number }; t: { tt: number; sg: unknown[] }[] };
    };
    const kindsSeen = new Set<string>();
    for (const step of SCRIPT) {
      const before = rawDraft();
      const outcome = await client.runTurn(sessionId, step.say);
      const state = outcome.stateAfter ?? outcome.stateBefore;
      const raw = rawDraft();
      const what = `after "${step.say}"`;
      if (step.expect === 'chat') assert.deepEqual(raw, before, `${what}: a plain reply leaves the draft as it was`);
      else assert.notDeepEqual(raw, before, `${what}: the draft changed`);
      const { exportFile: _none, ...view } = toTimelineViewState({ sessionId, draft: state.draft, state: state.state, changes: outcome.changes });
      await p.post({ type: 'timeline/view/set', view: view satisfies TimelineView });
      const shown = await readPage();

      if (!raw) {
        assert.equal(shown.emptyShown, true, `${what}: no draft, the empty hint shows`);
        assert.deepEqual(shown.lanes, [], what);
        continue;
      }
      assert.equal(shown.emptyShown, false, what);
      assert.equal(shown.lanes.length, raw.t.length, `${what}: lanes == tracks`);
      raw.t.forEach((track, i) => {
        const lane = shown.lanes[i];
        assert.equal(lane.kind, KINDS[track.tt] ?? 'other', `${what}: lane ${i} kind`);
        assert.equal(lane.blocks.length, track.sg.length, `${what}: lane ${i} draws every segment`);
        for (const b of lane.blocks) assert.ok(b.label && b.aria, `${what}: every block is labelled`);
        kindsSeen.add(lane.kind!);
      });
      const seconds = Math.round(raw.d / 100) / 10;
      assert.match(shown.facts ?? '', new RegExp(`^${seconds} s total · ${raw.t.length} tracks? · canvas ${raw.m.width}×${raw.m.height} \\(`), what);
      assert.equal(shown.title, raw.m.title, `${what}: title`);
      // The highlight follows the mapping's changed flags, block for block.
      const flagged = view.draft!.tracks.map((t) => t.segments.map((s) => s.changed));
      assert.deepEqual(shown.lanes.map((l) => l.blocks.map((b) => b.changed)), flagged, `${what}: changed blocks`);
      if (step.expect === 'edit') {
        assert.ok(shown.lastEdit.length > 0, `${what}: the last edit is listed`);
        assert.deepEqual(shown.lastEdit, view.changes, what);
        const marked = shown.lanes.some((l) => l.blocks.some((b) => b.changed && /changed by the last edit$/.test(b.aria ?? '')));
        assert.equal(marked, !step.nothingToHighlight, `${what}: the blocks the edit touched are highlighted (and said to be)`);
      }
    }
    assert.deepEqual([...kindsSeen].sort(), ['audio', 'text', 'video'], 'every track type the agent makes was drawn');
    assert.deepEqual(p.errors, []);
  });

  it('shows uploaded files from video_infos and generated clips from generated_media in the media list', async () => {
    const { sessionId } = await client.createSession();
    await client.runTurn(sessionId, 'make a 5-second video of a lighthouse');
    const dir = mkdtempSync(path.join(tmpdir(), 'nemo-media-'));
    const file = path.join(dir, 'logo.png');
    writeFileSync(file, Buffer.from('89504e470d0a1a0a', 'hex'));
    await client.upload(sessionId, [file]);
    const state = await client.getState(sessionId);
    const { exportFile: _none, ...view } = toTimelineViewState({ sessionId, draft: state.draft, state: state.state });
    await p.post({ type: 'timeline/view/set', view });
    const shown = await readPage();
    assert.deepEqual(shown.media, ['video of a lighthouse', 'logo.png']);
    const facts = await p.page.$$eval('.media-facts', (f) => f.map((x) => x.textContent));
    assert.deepEqual(facts, ['video · 5 s', 'image · 1920×1080']);
    assert.deepEqual(p.errors, []);
  });
});
