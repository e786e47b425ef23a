// The callbacks passed to page.evaluate run in the browser: they need the DOM's types.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The timeline page in real headless Chromium, fed drafts the emulator's agent really made
// (turns run by the real client) and mapped by the real view-state code.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { type TimelineViewInput, toTimelineViewState } from '../../src/extension/timeline/viewState';
import type { NemoClient } from '../../src/nemo/client';
import { type PanelSnapshot, parsePageMessage, parseSnapshot, type TimelineView } from '../../src/shared/protocol';
import { startEmulator, type Emulator } from '../emulator';
import { makeClient } from '../support/client';
import { launchChromium, openPage, type PageServer, startPageServer, type TimelinePage } from './pageHarness';

const RESULTS = path.resolve(__dirname, '../../test-results');
const XSS_IMG = '<img src=x onerror="window.__pwned=1">';
const XSS_SCRIPT = '<script>window.__pwned=2</script>';

describe('timeline page (Chromium)', function () {
  let browser: Browser;
  let server: PageServer;
  let emu: Emulator;
  let client: NemoClient;
  /** After "generate" with music and a title, then an edit of the title. */
  let edited: TimelineView;

  before(async () => {
    browser = await launchChromium();
    server = await startPageServer();
    emu = await startEmulator({ turnDelayMs: 1, heartbeatMs: 50, silentEditShare: 0 });
    client = makeClient(emu);
    const { userId } = await client.identity();
    emu.setCredits(userId!, 10_000); // a generation and several edits: more than the free 100
    const { sessionId } = await client.createSession();
    await client.runTurn(sessionId, "make a 12-second video of a neon city at night with lo-fi music and the title 'Night Drive'");
    const edit = await client.runTurn(sessionId, "change the title to 'Neon Nights'");
    assert.ok(edit.stateAfter?.draft, 'the edit left a draft');
    edited = toView({ sessionId, draft: edit.stateAfter.draft, state: edit.stateAfter.state, changes: edit.changes });
    mkdirSync(RESULTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await emu?.close();
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
    const blocks = await p.page.$$eval('.lane', (ls) => ls.map((l) => l.querySelector('.segment-label')?.textContent));
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
    await p.page.click('button[data-action="timeline/export/start"]');
    await p.page.click('button[data-action="timeline/credits/show"]');
    assert.deepEqual((await p.posted()).slice(2), [{ type: 'timeline/export/start' }, { type: 'timeline/credits/show' }]);
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
    const labels = await p.page.$$eval('.segment-label', (ls) => ls.map((l) => l.textContent));
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

  it('draws 1,000 segments well within a frame, keeps only nearby blocks in the DOM, and patches an update in place', async () => {
    const segments = Array.from({ length: 1000 }, (_, i) => ({ st: i * 1000, d: 1500, m: { name: `shot ${i}` } }));
    const view = await viewOfRawDraft({ d: 1_000_500, m: { width: 1920, height: 1080 }, t: [{ tt: 0, sg: segments }, { tt: 1, sg: [{ st: 0, d: 1_000_500, m: { name: 'bed', vol: 0.5 } }] }] });
    const p = await openPage(browser, server);
    // Script, style and layout of a draw from an empty timeline, measured in the page; the best
    // of eight, since this machine's cores are shared with other test runs.
    const times: number[] = [];
    for (let round = 0; round < 8; round++) {
      await p.post({ type: 'timeline/view/set', view: { media: [], changes: [] } });
      times.push(await p.page.evaluate((v) => {
        const t0 = performance.now();
        window.dispatchEvent(new MessageEvent('message', { data: { type: 'timeline/view/set', view: v } }));
        void document.body.offsetHeight;
        return performance.now() - t0;
      }, { ...view, changes: [`round ${round}`] }));
    }
    assert.ok(Math.min(...times) < 16, `drawing a 1,001-segment draft took ${times.map((t) => t.toFixed(1)).join(', ')} ms`);
    const drawn = await p.page.$$eval('.segment', (s) => s.map((b) => b.getAttribute('data-key')));
    assert.ok(drawn.length > 20 && drawn.length < 400, `${drawn.length} blocks in the DOM`);
    assert.ok(drawn.includes('0:0') && drawn.includes('1:0') && !drawn.includes('0:999'));
    assert.equal(await p.page.getAttribute('.segment[data-key="0:0"]', 'aria-setsize'), '1000');

    // The keyboard reaches an off-screen block: it is drawn, focused and scrolled to.
    await p.page.focus('.segment[data-key="0:0"]');
    await p.page.keyboard.press('End');
    assert.equal(await p.page.evaluate(() => document.activeElement?.getAttribute('data-key')), '0:999');
    await p.page.waitForFunction(() => document.querySelector('.segment[data-key="0:0"]') === null); // scrolled away
    assert.match((await p.page.textContent('.segment-details h2')) ?? '', /^shot 999$/);

    // Patch, not rebuild: the blocks on screen survive an edit of one of them.
    await p.page.keyboard.press('Home');
    await p.page.waitForFunction(() => document.querySelector('.segment[data-key="0:5"]') !== null);
    await p.page.evaluate(() => document.querySelectorAll('.segment').forEach((s) => ((s as HTMLElement).dataset.marked = '1')));
    const moved: TimelineView = structuredClone(view);
    moved.draft!.tracks[0].segments[5] = { ...moved.draft!.tracks[0].segments[5], name: 'moved shot', startMs: 5200, changed: true };
    await p.post({ type: 'timeline/view/set', view: moved });
    const after = await p.page.evaluate(() => ({
      unmarked: document.querySelectorAll('.segment:not([data-marked])').length,
      label: document.querySelector('.segment[data-key="0:5"]')?.textContent,
      changed: document.querySelectorAll('.segment.changed').length,
    }));
    assert.deepEqual(after, { unmarked: 0, label: 'moved shot', changed: 1 });
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
