// The timeline page in real headless Chromium, fed drafts the emulator's agent really made
// (turns run by the real client) and mapped by the real view-state code.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { type TimelineViewInput, toTimelineViewState } from '../../src/extension/timeline/viewState';
import type { NemoClient } from '../../src/nemo/client';
import { type PanelSnapshot, parsePageMessage, parseSnapshot, type TimelineView } from '../../src/shared/protocol';
import type { Emulator } from '../emulator';
import { startPageServer, type PageServer } from '../support/pageServer';
import { openPage, type PageWorld, startPageWorld, type TimelinePage } from './pageHarness';

const RESULTS = path.resolve(__dirname, '../../test-results');
const XSS_IMG = '<img src=x onerror="window.__pwned=1">';
const XSS_SCRIPT = '<script>window.__pwned=2</script>';

describe('timeline page (Chromium)', function () {
  let world: PageWorld;
  let browser: Browser;
  let server: PageServer;
  let emu: Emulator;
  let client: NemoClient;
  /** After "generate" with music and a title, then an edit of the title. */
  let edited: TimelineView;

  before(async () => {
    world = await startPageWorld(10_000); // a generation and several edits
    ({ browser, server, emu, client } = world);
    const { sessionId } = await client.createSession();
    await client.runTurn(sessionId, "make a 12-second video of a neon city at night with lo-fi music and the title 'Night Drive'");
    const edit = await client.runTurn(sessionId, "change the title to 'Neon Nights'");
    assert.ok(edit.stateAfter?.draft, 'the edit left a draft');
    edited = toView({ sessionId, draft: edit.stateAfter.draft, state: edit.stateAfter.state, changes: edit.changes });
    mkdirSync(RESULTS, { recursive: true });
  });
  after(async () => {
    await world?.close();
    assert.deepEqual(server?.unexpected ?? [], [], 'the page asked for nothing it was not given');
  });

  function toView(input: TimelineViewInput): TimelineView {
    const { exportFile: _none, ...view } = toTimelineViewState(input);
    return view;
  }

  /** Plants a raw draft in a fresh emulator session and reads it back through the client. */
  async function viewOfRawDraft(raw: unknown, stateExtras?: (sessionId: string) => void): Promise<TimelineView> {
    const { sessionId } = await client.createSession();
    emu.setDraft(sessionId, JSON.stringify(raw));
    stateExtras?.(sessionId);
    const state = await client.getState(sessionId);
    return toView({ sessionId, draft: state.draft, state: state.state });
  }

  async function opened(view: TimelineView, opts: { width?: number } = {}): Promise<TimelinePage> {
    const p = await openPage(browser, server, opts);
    await p.post({ type: 'timeline/view/set', view });
    return p;
  }

  it('handshakes, then draws one lane per track in draft order with type labels and the header facts', async () => {
    const p = await openPage(browser, server);
    assert.deepEqual((await p.posted())[0], { type: 'timeline/page/ready' });
    await p.post({ type: 'timeline/view/set', view: edited });
    const lanes = await p.page.$$eval('.lane', (ls) => ls.map((l) => [l.getAttribute('data-kind'), l.querySelector('.lane-label')?.textContent]));
    assert.deepEqual(lanes, [['video', 'Video'], ['audio', 'BGM 35%'], ['text', 'Title']]);
    const blocks = await p.page.$$eval('.lane', (ls) => ls.map((l) => l.querySelector('.segment')?.textContent));
    assert.equal(blocks[2], '“Neon Nights”');
    assert.match(blocks[1] ?? '', /music \(35%\)$/i);
    const facts = await p.page.textContent('.facts');
    assert.match(facts ?? '', /12 s total · 3 tracks · canvas 1920×1080 \(16:9\)/);
    assert.equal(await p.page.textContent('.title'), 'Neon Nights');
    const lastEdit = await p.page.$$eval('.last-edit li', (li) => li.map((l) => l.textContent));
    assert.ok(lastEdit.some((l) => /Neon Nights/.test(l ?? '')), lastEdit.join(' | '));
    await p.page.click('.lane[data-kind="text"] .segment');
    assert.equal(await p.page.textContent('.segment-details h2'), '“Neon Nights”');
    await p.page.screenshot({ path: path.join(RESULTS, 'timeline.png'), fullPage: true });
    assert.deepEqual(p.errors, []);
    await p.page.close();
  });

  it('shows the balance the host sends in the header, as the status bar does, and follows each change', async () => {
    const p = await opened(edited);
    assert.equal(await p.page.isVisible('.credits'), false, 'no line before the host knows the balance');
    const balance = await client.getCredits();
    await p.post({ type: 'timeline/credits/set', credits: balance });
    assert.equal(await p.page.textContent('.credits'), `${balance.available} credits available`);
    await p.post({ type: 'timeline/credits/set', credits: { ...balance, available: 42 } });
    assert.equal(await p.page.textContent('.credits'), '42 credits available');
    assert.deepEqual(p.errors, []);
    await p.page.close();
  });

  it('places blocks proportionally to start and duration, overlapping ones in separate rows', async () => {
    const view = await viewOfRawDraft({
      d: 20000, m: { width: 1080, height: 1920 },
      t: [{ tt: 0, sg: [{ st: 0, d: 10000, m: { name: 'a' } }, { st: 5000, d: 10000, m: { name: 'b' } }, { st: 15000, d: 5000, m: { name: 'c' } }] }],
    });
    const p = await opened(view);
    const boxes = await p.page.$$eval('.lane-body', ([body]) => {
      const lane = body.getBoundingClientRect();
      return [...body.querySelectorAll('.segment')].map((s) => {
        const r = s.getBoundingClientRect();
        return { x: (r.left - lane.left) / lane.width, w: r.width / lane.width, top: r.top - lane.top };
      });
    });
    const expected = [[0, 0.5], [0.25, 0.5], [0.75, 0.25]];
    boxes.forEach((b, i) => {
      assert.ok(Math.abs(b.x - expected[i][0]) < 0.005, `block ${i} x ${b.x}`);
      assert.ok(Math.abs(b.w - expected[i][1]) < 0.005, `block ${i} width ${b.w}`);
    });
    assert.ok(boxes[1].top > boxes[0].top, 'the overlapping block is on its own row');
    assert.equal(boxes[2].top, boxes[0].top, 'a free row is reused');
    assert.match((await p.page.textContent('.facts')) ?? '', /\(9:16\)/);
    const ticks = await p.page.$$eval('.tick', (ts) => ts.map((t) => t.textContent));
    assert.equal(ticks[0], '0:00');
    assert.ok(ticks.includes('0:10'), ticks.join(' '));
    await p.page.close();
  });

  it('selects with the keyboard (one tab stop, arrows across and between lanes) and shows the details', async () => {
    const p = await opened(edited);
    assert.equal(await p.page.$$eval('.segment[tabindex="0"]', (s) => s.length), 1);
    await p.page.focus('.segment[tabindex="0"]');
    await p.page.keyboard.press('Enter');
    assert.match((await p.page.textContent('.segment-details h2')) ?? '', /neon city/i);
    await p.page.keyboard.press('ArrowDown');
    await p.page.keyboard.press('ArrowDown');
    const active = await p.page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    assert.match(active ?? '', /^“Neon Nights”, 0 s to 3 s, changed by the last edit$/);
    assert.equal(await p.page.$$eval('.segment[aria-selected="true"]', (s) => s.length), 1);
    assert.equal(await p.page.$$eval('.segment[tabindex="0"]', (s) => s.length), 1);
    const details = await p.page.$$eval('.segment-details dt, .segment-details dd', (n) => n.map((x) => x.textContent));
    assert.deepEqual(details.slice(0, 10), ['Track', 'Title (track 3)', 'Start', '0 s', 'End', '3 s', 'Duration', '3 s', 'Text', 'Neon Nights']);
    assert.equal(await p.page.textContent('.segment-details .changed-note'), 'Changed by the last edit');
    await p.page.keyboard.press('ArrowUp');
    assert.match((await p.page.textContent('.segment-details h2')) ?? '', /music/i);
    assert.ok(await p.page.$eval('.lane[data-kind="text"] .segment', (s) => s.classList.contains('changed')), 'the edited title is highlighted');
    assert.ok(!(await p.page.$eval('.lane[data-kind="video"] .segment', (s) => s.classList.contains('changed'))));
    await p.page.close();
  });

  it('sends the prompt on Enter as a message the host accepts, and keeps Shift+Enter as a new line', async () => {
    const p = await opened(edited);
    await p.page.click('.prompt-input');
    await p.page.keyboard.type('first line');
    await p.page.keyboard.press('Shift+Enter');
    await p.page.keyboard.type('add upbeat music');
    assert.equal((await p.posted()).length, 1, 'Shift+Enter sent nothing');
    await p.page.keyboard.press('Enter');
    const sent = (await p.posted()).at(-1);
    assert.deepEqual(parsePageMessage(sent), { ok: true, message: { type: 'timeline/prompt/send', text: 'first line\nadd upbeat music' } });
    assert.equal(await p.page.inputValue('.prompt-input'), '');

    // The reply streams into the panel; while busy the box does not send.
    await p.post({ type: 'timeline/busy/set', busy: true, label: 'Nemo is working…' });
    await p.post({ type: 'timeline/reply/start', prompt: 'first line\nadd upbeat music' });
    await p.post({ type: 'timeline/reply/append', text: 'Adding ' });
    await p.post({ type: 'timeline/reply/append', text: 'Upbeat background music.' });
    assert.equal(await p.page.textContent('.entry .reply-text'), 'Adding Upbeat background music.');
    await p.page.fill('.prompt-input', 'another');
    await p.page.press('.prompt-input', 'Enter');
    assert.equal((await p.posted()).length, 2, 'nothing sent while busy');
    const actions = ['timeline/export/start', 'timeline/export/startLocal', 'timeline/view/refresh', 'timeline/session/new', 'timeline/credits/show', 'timeline/webEditor/open'];
    for (const a of actions) await p.page.click(`button[data-action="${a}"]`);
    assert.deepEqual((await p.posted()).slice(2), actions.map((type) => ({ type })));
    assert.deepEqual((await p.posted()).slice(2).map((m) => parsePageMessage(m).ok), actions.map(() => true), 'each is a message the host accepts');
    assert.deepEqual(await p.page.$$eval('.actions button', (b) => b.map((x) => x.textContent)), ['Export', 'Export Locally', 'Refresh', 'New Session', 'Credits', 'Open in Web Editor']);
    assert.equal(await p.page.getAttribute('.actions', 'role'), 'toolbar');
    await p.page.close();
  });

  it('offers Open in Web Editor only with a session: the click asks the host (a bare typed message, no URL), nothing else', async () => {
    const p = await opened({ media: [], changes: [] });
    const button = 'button[data-action="timeline/webEditor/open"]';
    assert.equal(await p.page.isDisabled(button), true, 'no session: nothing to open');
    await p.post({ type: 'timeline/view/set', view: edited });
    assert.equal(await p.page.isDisabled(button), false);
    await p.page.click(button);
    const sent = (await p.posted()).at(-1);
    assert.deepEqual(sent, { type: 'timeline/webEditor/open' });
    assert.deepEqual(parsePageMessage(sent), { ok: true, message: { type: 'timeline/webEditor/open' } });
    assert.deepEqual(p.errors, []);
    await p.page.close();
  });

  it('renders hostile names, texts and replies as literal text and executes nothing', async () => {
    const view = await viewOfRawDraft({
      d: 10000, m: { title: XSS_SCRIPT, width: 1920, height: 1080 },
      t: [
        { tt: 0, sg: [{ st: 0, d: 5000, m: { name: XSS_IMG, src: `javascript:window.__pwned=3//${XSS_IMG}`, note: XSS_SCRIPT } }] },
        { tt: 7, sg: [{ st: 0, d: 3000, m: { text: XSS_SCRIPT, style: XSS_IMG } }] },
        { tt: XSS_IMG, sg: [{ st: 1000, d: 1000, m: { name: XSS_SCRIPT } }] },
      ],
    });
    // Media and change lines are backend strings too.
    const p = await opened({ ...view, media: [{ name: XSS_IMG, kind: XSS_SCRIPT, url: XSS_IMG }], changes: [XSS_SCRIPT] });
    await p.post({ type: 'timeline/reply/start', prompt: XSS_IMG });
    await p.post({ type: 'timeline/reply/append', text: XSS_SCRIPT });
    await p.post({ type: 'timeline/reply/end', error: XSS_IMG });
    await p.post({ type: 'timeline/export/progress', progress: { stage: 'failed', message: XSS_IMG } });
    for (const block of await p.page.$$('.segment')) {
      await block.click();
      await p.page.waitForSelector('.segment-details dl');
    }
    const labels = await p.page.$$eval('.segment', (ls) => ls.map((l) => l.textContent));
    assert.deepEqual(labels, [XSS_IMG, `“${XSS_SCRIPT}”`, XSS_SCRIPT]);
    assert.equal(await p.page.textContent('.title'), XSS_SCRIPT);
    assert.equal(await p.page.textContent('.lane[data-kind="other"] .lane-label'), `Other (${XSS_IMG})`);
    assert.equal(await p.page.textContent('.prompt-text'), XSS_IMG);
    assert.equal(await p.page.textContent('.reply-text'), XSS_SCRIPT);
    assert.equal(await p.page.textContent('.media-name'), XSS_IMG);
    assert.equal(await p.page.textContent('.last-edit li'), XSS_SCRIPT);
    assert.match((await p.page.textContent('.export-status')) ?? '', new RegExp(XSS_IMG.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    const result = await p.page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      imgs: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      handlers: document.querySelectorAll('[onerror], [onload], [onclick]').length,
    }));
    assert.deepEqual(result, { pwned: undefined, imgs: 0, scripts: 1, handlers: 0 });
    assert.deepEqual(p.errors, []);
    await p.page.screenshot({ path: path.join(RESULTS, 'timeline-hostile.png') });
    await p.page.close();
  });

  it('lays out all 1,000 segments of a long draft at their times, keeps only nearby blocks in the DOM, and patches an update in place', async () => {
    const COUNT = 1000;
    const SPAN_MS = 1_000_500;
    const segments = Array.from({ length: COUNT }, (_, i) => ({ st: i * 1000, d: 1500, m: { name: `shot ${i}` } }));
    const view = await viewOfRawDraft({ d: SPAN_MS, m: { width: 1920, height: 1080 }, t: [{ tt: 0, sg: segments }, { tt: 1, sg: [{ st: 0, d: SPAN_MS, m: { name: 'bed', vol: 0.5 } }] }] });
    const p = await opened(view);
    assert.deepEqual(p.errors, []);

    // What the first lane holds, in lane-body pixels, and where the scroller stands.
    const readLane = () => p.page.evaluate(() => {
      const scroller = document.querySelector<HTMLElement>('.timeline-scroll')!;
      const body = document.querySelector<HTMLElement>('.lane[data-track="0"] .lane-body')!.getBoundingClientRect();
      const head = document.querySelector<HTMLElement>('.lane[data-track="0"] .lane-head')!.getBoundingClientRect();
      return {
        scrollLeft: scroller.scrollLeft,
        maxScroll: scroller.scrollWidth - scroller.clientWidth,
        visibleWidth: scroller.clientWidth - head.width,
        bodyWidth: body.width,
        blocks: [...document.querySelectorAll<HTMLElement>('.lane[data-track="0"] .segment')].map((s) => {
          const r = s.getBoundingClientRect();
          return {
            // The width as styled: a block narrower than its padding renders at its minimum size.
            key: s.dataset.key!, left: r.left - body.left, widthPercent: parseFloat(s.style.width), top: r.top - body.top,
            focusable: s.tabIndex === 0, posinset: s.getAttribute('aria-posinset'), setsize: s.getAttribute('aria-setsize'),
          };
        }),
      };
    });
    // Scrolls the timeline and resolves after the frame in which the view redraws (its scroll
    // listener, registered first, schedules its frame callback before ours).
    const scrollTo = (x: number) => p.page.evaluate((left) => new Promise<void>((resolve) => {
      const scroller = document.querySelector<HTMLElement>('.timeline-scroll')!;
      scroller.addEventListener('scroll', () => requestAnimationFrame(() => resolve()), { once: true });
      scroller.scrollLeft = left;
    }), x);

    // Walk the whole timeline a screen at a time: every segment shows up once, where its time says.
    const seen = new Map<string, { left: number; top: number }>();
    let lane = await readLane();
    const tops = new Set<number>();
    for (;;) {
      const { scrollLeft, visibleWidth, bodyWidth, blocks } = lane;
      const near = blocks.filter((b) => !b.focusable); // the focused block stays wherever it is
      assert.ok(near.length > 10 && near.length < 400, `${near.length} blocks in the DOM at ${scrollLeft} px`);
      for (const b of near) {
        const right = b.left + (1500 / SPAN_MS) * bodyWidth;
        assert.ok(right >= scrollLeft - visibleWidth && b.left <= scrollLeft + 2 * visibleWidth,
          `block ${b.key} at ${b.left} px is not near the screen at ${scrollLeft} px`);
      }
      for (const b of blocks) {
        const i = Number(b.key.split(':')[1]);
        assert.ok(Math.abs(b.left - (i * 1000 / SPAN_MS) * bodyWidth) < 1, `block ${b.key} x ${b.left} of ${bodyWidth}`);
        assert.ok(Math.abs(b.widthPercent - (1500 / SPAN_MS) * 100) < 1e-6, `block ${b.key} width ${b.widthPercent}%`);
        assert.deepEqual([b.posinset, b.setsize], [String(i + 1), String(COUNT)]);
        seen.set(b.key, b);
        tops.add(b.top);
      }
      if (scrollLeft >= lane.maxScroll) break;
      await scrollTo(Math.min(lane.maxScroll, scrollLeft + visibleWidth));
      lane = await readLane();
    }
    assert.equal(seen.size, COUNT, 'every segment was drawn at some scroll position');
    // Each segment overlaps the next: they alternate between two rows.
    assert.equal(tops.size, 2);
    for (let i = 2; i < COUNT; i++) assert.equal(seen.get(`0:${i}`)!.top, seen.get(`0:${i - 2}`)!.top);
    assert.ok(seen.get('0:1')!.top > seen.get('0:0')!.top);
    assert.ok(!lane.blocks.some((b) => b.key === '0:5'), 'a block far off screen left the DOM');
    await scrollTo(0);

    // The keyboard reaches an off-screen block: it is drawn, focused and scrolled to.
    await p.page.focus('.segment[data-key="0:0"]');
    await p.page.keyboard.press('End');
    assert.equal(await p.page.evaluate(() => document.activeElement?.getAttribute('data-key')), '0:999');
    await p.page.waitForFunction(() => document.querySelector('.segment[data-key="0:0"]') === null); // scrolled away
    assert.match((await p.page.textContent('.segment-details h2')) ?? '', /^shot 999$/);

    // Patch, not rebuild: the blocks on screen are the same elements after an edit of one of them.
    await p.page.keyboard.press('Home');
    await p.page.waitForFunction(() => document.querySelector('.segment[data-key="0:5"]') !== null);
    await p.page.evaluate(() => {
      document.querySelectorAll<HTMLElement>('.segment').forEach((s) => (s.dataset.marked = '1'));
      (window as unknown as { __edited?: Element | null }).__edited = document.querySelector('.segment[data-key="0:5"]');
    });
    const before = await p.page.$eval('.segment[data-key="0:5"]', (s) => s.getBoundingClientRect().left);
    const moved: TimelineView = structuredClone(view);
    moved.draft!.tracks[0].segments[5] = { ...moved.draft!.tracks[0].segments[5], name: 'moved shot', startMs: 5200, changed: true };
    await p.post({ type: 'timeline/view/set', view: moved });
    const after = await p.page.evaluate(() => {
      const edited = document.querySelector('.segment[data-key="0:5"]');
      return {
        sameNode: edited !== null && edited === (window as unknown as { __edited?: Element | null }).__edited,
        unmarked: document.querySelectorAll('.segment:not([data-marked])').length,
        label: edited?.textContent,
        changed: document.querySelectorAll('.segment.changed').length,
      };
    });
    assert.deepEqual(after, { sameNode: true, unmarked: 0, label: 'moved shot', changed: 1 });
    const bodyWidth = await p.page.$eval('.lane[data-track="0"] .lane-body', (b) => b.getBoundingClientRect().width);
    const shifted = await p.page.$eval('.segment[data-key="0:5"]', (s) => s.getBoundingClientRect().left);
    assert.ok(Math.abs(shifted - before - (200 / SPAN_MS) * bodyWidth) < 1, `moved by ${shifted - before} px`);
    assert.deepEqual(p.errors, []);
    await p.page.close();
  });

  it('plays the latest export, and says so and offers to open it externally when it cannot be decoded', async () => {
    server.files.set('/videos/broken.mp4', { type: 'video/mp4', body: Buffer.from('not really an mp4 file') });
    const p = await opened({ ...edited, exported: { name: 'neon-nights.mp4', src: `${server.origin}/videos/broken.mp4` } });
    assert.equal(await p.page.getAttribute('video', 'src'), `${server.origin}/videos/broken.mp4`);
    assert.equal(await p.page.textContent('.video-name'), 'neon-nights.mp4');
    await p.page.waitForFunction(() => (document.querySelector('.video-note')?.textContent ?? '') !== '');
    assert.match((await p.page.textContent('.video-note')) ?? '', /cannot play this video/);
    await p.page.click('.export-preview button');
    assert.deepEqual((await p.posted()).at(-1), { type: 'timeline/video/openExternally' });
    await p.page.close();
  });

  it('persists its snapshot and draws it again on restore before the host sends anything', async () => {
    const p = await opened(edited);
    await p.post({ type: 'timeline/export/progress', progress: { stage: 'rendering', percent: 42 } });
    assert.match((await p.page.textContent('.export-status')) ?? '', /Rendering · 42%/);
    await p.page.waitForFunction(() => (window.__state as PanelSnapshot | undefined)?.exportProgress?.percent === 42);
    const saved = await p.page.evaluate(() => window.__state);
    assert.ok(parseSnapshot(saved), 'the persisted state is a valid snapshot');
    await p.page.close();

    const restored = await openPage(browser, server, { width: 420, height: 800, state: saved });
    assert.equal(await restored.page.$$eval('.lane', (l) => l.length), 3);
    assert.equal(await restored.page.textContent('.title'), 'Neon Nights');
    // Narrow side panel: the details go under the timeline.
    const [timeline, details] = await restored.page.$$eval('.timeline, .details', (els) => els.map((e) => e.getBoundingClientRect().top));
    assert.ok(details > timeline, 'details stack under the timeline when narrow');
    await restored.page.screenshot({ path: path.join(RESULTS, 'timeline-narrow.png'), fullPage: true });
    await restored.page.close();
  });

  it('speaks the editor\'s language from the translations the panel puts in the page', async () => {
    const p = await openPage(browser, server, { l10nBundle: { Export: '导出', 'Video': '视频', '{0} s': '{0} 秒' } });
    await p.post({ type: 'timeline/view/set', view: edited });
    assert.equal(await p.page.textContent('button[data-action="timeline/export/start"]'), '导出');
    assert.match((await p.page.textContent('.facts')) ?? '', /^12 秒/);
    assert.equal(await p.page.textContent('.lane[data-kind="video"] .lane-label'), 'Video', 'the heading comes translated from the host');
    assert.deepEqual(p.errors, []);
    await p.page.close();
  });

  it('shows thumbnails from the state\'s image URLs and loads nothing its CSP does not allow (other origins, script network)', async () => {
    // A real 1×1 PNG from the page's resource origin (cspSource), and the same from a second origin.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
    server.files.set('/thumbs/clip.png', { type: 'image/png', body: png });
    const other = await startPageServer();
    other.files.set('/thumbs/clip.png', { type: 'image/png', body: png });
    other.files.set('/clip.mp4', { type: 'video/mp4', body: 'x' });
    try {
      const view: TimelineView = structuredClone(edited);
      const clip = view.draft!.tracks[0].segments[0];
      clip.thumbnail = `${server.origin}/thumbs/clip.png`;
      view.media = [
        { name: 'clip', kind: 'video', thumbnail: `${server.origin}/thumbs/clip.png` },
        { name: 'elsewhere', kind: 'image', thumbnail: `${other.origin}/thumbs/clip.png` },
      ];
      view.exported = { name: 'x.mp4', src: `${other.origin}/clip.mp4` };
      const p = await openPage(browser, server);
      await p.page.evaluate(`window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI))`);
      await p.post({ type: 'timeline/view/set', view });
      await p.page.click('.lane[data-kind="video"] .segment');
      const loaded = (selector: string) => p.page.waitForFunction((sel) => {
        const img = document.querySelector<HTMLImageElement>(sel);
        return img !== null && img.complete && img.naturalWidth === 1;
      }, selector);
      await loaded('.segment-details img.thumbnail');
      await loaded('.media-item:first-child img.thumbnail');
      assert.equal(await p.page.getAttribute('.segment-details img.thumbnail', 'alt'), `Thumbnail of ${clip.name}`);
      assert.equal(await p.page.getAttribute('.media-item:first-child img.thumbnail', 'alt'), 'Thumbnail of clip');
      // Script may not reach the network at all.
      await p.page.evaluate(`fetch(${JSON.stringify(`${other.origin}/thumbs/clip.png`)}).catch(() => undefined)`);
      await p.page.waitForFunction(() => new Set((window as unknown as { __violations: string[] }).__violations).size >= 3);
      // (Chromium may report one blocked image more than once.)
      const violations = [...new Set(await p.page.evaluate('window.__violations') as string[])].sort();
      assert.deepEqual(violations, [`connect-src ${other.origin}/thumbs/clip.png`, `img-src ${other.origin}/thumbs/clip.png`, `media-src ${other.origin}/clip.mp4`]);
      assert.deepEqual(other.unexpected, [], 'the other origin was never asked');
      assert.equal(p.errors.filter((e) => !/Content Security Policy/.test(e)).length, 0, p.errors.join(' | '));
      await p.page.close();
    } finally {
      await other.close();
    }
  });

  it('fits a narrow side panel: nothing wider than the panel, the toolbar wraps, every button reachable', async () => {
    const p = await openPage(browser, server, { width: 300, height: 700 });
    await p.post({ type: 'timeline/view/set', view: edited });
    const fit = await p.page.evaluate(() => ({
      pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      offscreenButtons: [...document.querySelectorAll('button')].filter((b) => {
        const r = b.getBoundingClientRect();
        return r.width > 0 && (r.left < 0 || r.right > document.documentElement.clientWidth);
      }).map((b) => b.textContent),
      promptWidth: document.querySelector('.prompt-input')!.getBoundingClientRect().width,
    }));
    assert.deepEqual({ ...fit, promptWidth: fit.promptWidth > 150 }, { pageOverflow: 0, offscreenButtons: [], promptWidth: true });
    await p.page.screenshot({ path: path.join(RESULTS, 'timeline-300px.png'), fullPage: true });
    await p.page.close();
  });

  it('ignores host messages that fail validation', async () => {
    const p = await opened(edited);
    await p.page.evaluate(() => {
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'timeline/view/set', view: { media: [{ name: 'x', thumbnail: 'javascript:alert(1)' }], changes: [] } } }));
      window.dispatchEvent(new MessageEvent('message', { data: { type: 'timeline/nope' } }));
    });
    assert.equal(await p.page.$$eval('.lane', (l) => l.length), 3, 'the drawn timeline is untouched');
    assert.equal(await p.page.$$eval('img', (i) => i.length), 0);
    await p.page.close();
  });
});
