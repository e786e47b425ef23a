// The timeline page in real headless Chromium with a draft it cannot draw (issue 10 point 6): a
// session of the emulator's Draft V3 mode, read by the real client and mapped by the real view-state
// code. The page draws a notice in the theme's warning colours, as text, instead of "no timeline yet".
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { toTimelineViewState } from '../../src/extension/timeline/viewState';
import type { TimelineView } from '../../src/shared/protocol';
import { openPage, type PageWorld, startPageWorld } from './pageHarness';

const RESULTS = path.resolve(__dirname, '../../test-results');

describe('timeline page (Chromium): a Draft V3 timeline', function () {
  let world: PageWorld;
  let view: TimelineView;

  before(async () => {
    world = await startPageWorld(1_000);
    world.emu.setOptions({ draftFormat: 'v3' });
    const { sessionId } = await world.client.createSession();
    const made = await world.client.runTurn(sessionId, "make a 6-second video of a harbour with the title '<b>Harbour</b>'");
    assert.ok(made.stateAfter?.draft, 'the turn left a draft');
    const { exportFile: _none, ...mapped } = toTimelineViewState({ sessionId, draft: made.stateAfter.draft, state: made.stateAfter.state, changes: made.changes });
    view = mapped;
    assert.deepEqual(view.unreadableDraft, { formatName: 'Draft V3' });
    mkdirSync(RESULTS, { recursive: true });
  });
  after(async () => world?.close());

  it('draws a notice that this version cannot draw it, in the theme warning colours, no lanes and no "no timeline yet"', async () => {
    const p = await openPage(world.browser, world.server);
    await p.post({ type: 'timeline/view/set', view });
    const notice = await p.page.waitForSelector('.draft-notice:not([hidden])');
    assert.equal(await notice.textContent(), 'This version cannot draw this timeline: it is in Draft V3. It is still there: Export still works, and Open in Web Editor shows it.');
    assert.equal(await notice.getAttribute('role'), 'status');
    assert.equal(await p.page.isVisible('.empty'), false, '"No timeline yet" is not shown');
    assert.equal(await p.page.$$eval('.lane', (ls) => ls.length), 0);
    assert.equal(await p.page.textContent('.facts'), 'Timeline in Draft V3');
    const colours = await p.page.$eval('.draft-notice', (el) => {
      const s = getComputedStyle(el);
      return { border: s.borderLeftColor, background: s.backgroundColor };
    });
    assert.deepEqual(colours, { border: 'rgb(184, 149, 0)', background: 'rgb(53, 42, 5)' }, 'the theme\'s inputValidation warning colours');
    await p.page.screenshot({ path: path.join(RESULTS, 'timeline-draft-v3.png') });
    assert.deepEqual(p.errors, []);
    await p.page.close();
  });

  it('the format name is drawn as text, and the notice goes away when a drawable draft comes', async () => {
    const p = await openPage(world.browser, world.server, { l10nBundle: { 'This version cannot draw this timeline: it is in {0}. It is still there: Export still works, and Open in Web Editor shows it.': '此版本无法绘制这条时间线：它是 {0} 格式。时间线仍然存在：导出仍可使用，“在网页编辑器中打开”可以查看它。' } });
    await p.post({ type: 'timeline/view/set', view: { ...view, unreadableDraft: { formatName: '<img src=x onerror="window.__pwned=1">' } } });
    const text = await p.page.textContent('.draft-notice');
    assert.equal(text, '此版本无法绘制这条时间线：它是 <img src=x onerror="window.__pwned=1"> 格式。时间线仍然存在：导出仍可使用，“在网页编辑器中打开”可以查看它。');
    assert.equal(await p.page.$$eval('.draft-notice img', (imgs) => imgs.length), 0);
    await p.post({ type: 'timeline/view/set', view: { media: [], changes: [], draft: { durationMs: 1000, tracks: [{ index: 0, kind: 'video', type: '0', changed: false, segments: [{ index: 0, startMs: 0, durationMs: 1000, meta: {}, changed: false }] }] } } });
    assert.equal(await p.page.isVisible('.draft-notice'), false);
    assert.equal(await p.page.$$eval('.lane', (ls) => ls.length), 1);
    assert.equal(await p.page.evaluate('window.__pwned'), undefined);
    assert.deepEqual(p.errors, []);
    await p.page.close();
  });
});
