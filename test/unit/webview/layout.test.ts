import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { ViewSegment, ViewTrack } from '../../../src/shared/protocol';
import {
  aspectRatio, formatClock, packRows, percentAt, rulerTicks, segmentAriaLabel, segmentLabel, timelineSpanMs, trackLabel,
} from '../../../src/webview/layout';

const seg = (index: number, startMs: number, durationMs: number, extra: Partial<ViewSegment> = {}): ViewSegment =>
  ({ index, startMs, durationMs, meta: {}, changed: false, ...extra });

describe('timeline layout', () => {
  it('places times proportionally and clamps to the span', () => {
    assert.equal(percentAt(0, 30_000), 0);
    assert.equal(percentAt(15_000, 30_000), 50);
    assert.equal(percentAt(45_000, 30_000), 100);
    assert.equal(percentAt(-5, 30_000), 0);
    assert.equal(percentAt(10, 0), 0);
  });

  it('spans to the end of the last segment when a segment runs past the declared duration', () => {
    const tracks: ViewTrack[] = [{ index: 0, kind: 'video', type: '0', heading: 'Video', changed: false, segments: [seg(0, 20_000, 15_000)] }];
    assert.equal(timelineSpanMs(30_000, tracks), 35_000);
    assert.equal(timelineSpanMs(40_000, tracks), 40_000);
  });

  it('chooses readable ruler steps at least the minimum spacing apart', () => {
    const ticks = rulerTicks(30_000, 600, 64); // 20 px/s → 5 s steps (100 px)
    assert.deepEqual(ticks.map((t) => t.ms), [0, 5000, 10_000, 15_000, 20_000, 25_000, 30_000]);
    assert.deepEqual(ticks.map((t) => t.label), ['0:00', '0:05', '0:10', '0:15', '0:20', '0:25', '0:30']);
    assert.equal(ticks[5].major, true);
    assert.equal(ticks[1].major, false);
    assert.deepEqual(rulerTicks(0, 600), []);
    assert.deepEqual(rulerTicks(1000, 0), []);
  });

  it('never crowds the ruler, whatever the duration and width', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 36_000_000 }), fc.integer({ min: 1, max: 20_000 }), (duration, width) => {
      const ticks = rulerTicks(duration, width, 64);
      assert.ok(ticks.length >= 1 && ticks.length <= width / 64 + 2, `${ticks.length} ticks for ${width}px`);
      for (let i = 1; i < ticks.length; i++) assert.ok(((ticks[i].ms - ticks[i - 1].ms) / duration) * width >= 63.99);
    }));
  });

  it('packs overlapping segments into separate rows, reusing rows that are free', () => {
    const { rows, count } = packRows([seg(0, 0, 10_000), seg(1, 5000, 10_000), seg(2, 10_000, 5000), seg(3, 12_000, 1000)]);
    assert.deepEqual(rows, [0, 1, 0, 2]);
    assert.equal(count, 3);
    assert.deepEqual(packRows([]), { rows: [], count: 1 });
  });

  it('never puts two overlapping segments in one row', () => {
    const arb = fc.array(fc.record({ startMs: fc.integer({ min: 0, max: 10_000 }), durationMs: fc.integer({ min: 0, max: 5000 }) }), { maxLength: 60 });
    fc.assert(fc.property(arb, (segments) => {
      const { rows, count } = packRows(segments);
      for (let i = 0; i < segments.length; i++) {
        assert.ok(rows[i] >= 0 && rows[i] < count);
        for (let j = i + 1; j < segments.length; j++) {
          const a = segments[i];
          const b = segments[j];
          const overlap = a.startMs < b.startMs + b.durationMs && b.startMs < a.startMs + a.durationMs;
          if (overlap) assert.notEqual(rows[i], rows[j]);
        }
      }
    }));
  });

  it('formats clock times and aspect ratios', () => {
    assert.equal(formatClock(0), '0:00');
    assert.equal(formatClock(65_500), '1:05.5');
    assert.equal(formatClock(600_000), '10:00');
    assert.equal(aspectRatio(1920, 1080), '16:9');
    assert.equal(aspectRatio(1080, 1920), '9:16');
    assert.equal(aspectRatio(1000, 1000), '1:1');
    assert.equal(aspectRatio(1997, 850), '2.35:1');
    assert.equal(aspectRatio(0, 1080), undefined);
  });

  it('labels lanes with the summary\'s heading, audio with its volume, unknown types as other', () => {
    const audio = (vols: (number | undefined)[]): ViewTrack => ({ index: 1, kind: 'audio', type: '1', heading: 'BGM', changed: false, segments: vols.map((v, i) => seg(i, 0, 1, v === undefined ? {} : { volumePercent: v })) });
    assert.equal(trackLabel({ kind: 'video', type: '0', heading: 'Video', segments: [] }), 'Video');
    assert.equal(trackLabel(audio([35])), 'BGM 35%');
    assert.equal(trackLabel(audio([35, 80])), 'BGM');
    assert.equal(trackLabel({ kind: 'text', type: '7', heading: 'Title', segments: [] }), 'Title');
    assert.equal(trackLabel({ kind: 'other', type: '9', heading: 'Other', segments: [] }), 'Other (9)');
    assert.equal(trackLabel({ kind: 'audio', type: '1', segments: [seg(0, 0, 1, { volumePercent: 50 })] }), 'Audio 50%', 'no heading sent');
  });

  it('labels blocks with the words of a text segment, else the name, else the number', () => {
    assert.equal(segmentLabel('text', seg(0, 0, 1, { text: 'Urban Dreams', name: 'title' })), '“Urban Dreams”');
    assert.equal(segmentLabel('video', seg(0, 0, 1, { name: 'city timelapse' })), 'city timelapse');
    assert.equal(segmentLabel('audio', seg(0, 0, 1, { name: 'Lo-fi', volumePercent: 35 })), 'Lo-fi (35%)');
    assert.equal(segmentLabel('other', seg(2, 0, 1)), 'Segment 3');
    assert.equal(segmentAriaLabel('video', seg(0, 0, 10_000, { name: 'clip', changed: true })), 'clip, 0 s to 10 s, changed by the last edit');
  });
});
