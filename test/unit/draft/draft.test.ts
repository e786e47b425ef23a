import assert from 'node:assert/strict';
import { describeChanges, diffDrafts, isExportReady, isUnreadable, parseDraft, readDraft, summarizeDraft, type Draft, type DraftChange } from '../../../src/draft';

interface RawDraft {
  d: number;
  m: Record<string, unknown>;
  t: Array<{ tt: number; sg: Array<{ st: number; d: number; m: Record<string, unknown> }> }>;
}

// The contract's example draft.
const contractDraft: RawDraft = {
  d: 30000,
  m: { title: 'Urban Dreams', width: 1920, height: 1080 },
  t: [
    { tt: 0, sg: [{ st: 0, d: 10000, m: { name: 'city timelapse', src: 'https://cdn.example/clip.mp4' } }] },
    { tt: 1, sg: [{ st: 0, d: 10000, m: { name: 'Lo-fi', vol: 0.35, src: 'https://cdn.example/lofi.mp3' } }] },
    { tt: 7, sg: [{ st: 0, d: 3000, m: { text: 'Urban Dreams', style: 'title' } }] },
  ],
};

function draft(raw: unknown): Draft {
  const d = parseDraft(raw);
  assert.ok(d);
  return d;
}

/** A deep copy of the contract draft, changed by `edit`. */
function edited(edit: (raw: RawDraft) => void): Draft {
  const raw = structuredClone(contractDraft);
  edit(raw);
  return draft(raw);
}

describe('parseDraft', () => {
  it('reads the contract example', () => {
    const d = draft(contractDraft);
    assert.equal(d.duration, 30000);
    assert.equal(d.title, 'Urban Dreams');
    assert.equal(d.width, 1920);
    assert.equal(d.height, 1080);
    assert.deepEqual(d.tracks.map((t) => t.kind), ['video', 'audio', 'text']);
    assert.deepEqual(d.tracks[1]?.segments[0], { index: 0, start: 0, duration: 10000, name: 'Lo-fi', src: 'https://cdn.example/lofi.mp3', volume: 0.35, meta: {} });
    assert.deepEqual(d.tracks[2]?.segments[0], { index: 0, start: 0, duration: 3000, text: 'Urban Dreams', style: 'title', meta: {} });
  });

  it('reads the JSON text as the state keeps it', () => {
    assert.deepEqual(parseDraft(JSON.stringify(contractDraft)), draft(contractDraft));
  });

  it('keeps unknown track types as "other" and unknown keys in meta', () => {
    const d = draft({ t: [{ tt: 42, sg: [{ st: 5, d: 10, fx: 'blur', m: { name: 'sticker', fontSize: 48, anim: { in: 'fade' } } }] }, { tt: 'audio', sg: [] }] });
    assert.equal(d.tracks[0]?.kind, 'other');
    assert.equal(d.tracks[0]?.type, 42);
    assert.equal(d.tracks[1]?.kind, 'audio');
    assert.deepEqual(d.tracks[0]?.segments[0]?.meta, { fx: 'blur', fontSize: 48, anim: { in: 'fade' } });
  });

  it('never throws on odd input and takes the duration from the last segment when d is missing', () => {
    for (const odd of [null, undefined, 3, 'not json', '[]', [], true]) assert.equal(parseDraft(odd), undefined, String(odd));
    const d = draft({ d: 'x', m: [], t: [null, 5, { tt: null, sg: [null, { st: '1000', d: -5 }, { st: 2000, d: 4000, m: 'bad' }] }] });
    assert.equal(d.tracks.length, 3);
    assert.deepEqual(d.tracks.map((t) => t.kind), ['other', 'other', 'other']);
    assert.deepEqual(d.tracks[2]?.segments.map((s) => [s.start, s.duration]), [[0, 0], [1000, 0], [2000, 4000]]);
    assert.equal(d.duration, 6000);
    assert.deepEqual(draft({}), { duration: 0, tracks: [] });
  });
});

describe('isExportReady', () => {
  it('is true only when some track has a segment', () => {
    assert.equal(isExportReady(draft(contractDraft)), true);
    assert.equal(isExportReady(draft({ t: [{ tt: 0, sg: [] }, { tt: 1 }] })), false);
    assert.equal(isExportReady(draft({})), false);
    assert.equal(isExportReady(undefined), false);
  });
});

describe('summarizeDraft', () => {
  it('matches the contract format exactly', () => {
    assert.equal(summarizeDraft(draft(contractDraft)), 'Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)');
  });

  const rows: Array<[string, unknown, string]> = [
    ['no draft', undefined, 'No timeline yet.'],
    ['no tracks', {}, 'Timeline: empty.'],
    ['one track, file name from src, fractional seconds', { t: [{ tt: 0, sg: [{ st: 2500, d: 1250, m: { src: 'https://cdn/x/beach%20day.mp4?sig=1' } }] }] }, 'Timeline (1 track): 1. Video: beach day.mp4 (2.5-3.8s)'],
    ['empty track and unknown type', { t: [{ tt: 0, sg: [] }, { tt: 9, sg: [{ st: 0, d: 1000, m: { name: 'fx' } }] }] }, 'Timeline (2 tracks): 1. Video: (empty) 2. Other: fx (0-1s)'],
    ['plain text and voiceover', { t: [{ tt: 7, sg: [{ st: 0, d: 2000, m: { text: '你好' } }] }, { tt: 1, sg: [{ st: 0, d: 5000, m: { style: 'voiceover' } }] }] }, 'Timeline (2 tracks): 1. Text: "你好" (0-2s) 2. Voiceover: untitled (0-5s)'],
    ['a subtitle style is text, a main-title style is a title', { t: [{ tt: 7, sg: [{ st: 0, d: 2000, m: { text: 'hi', style: 'subtitle' } }] }, { tt: 7, sg: [{ st: 0, d: 1000, m: { text: 'Go', style: 'main-title' } }] }] }, 'Timeline (2 tracks): 1. Text: "hi" (0-2s) 2. Title: "Go" (0-1s)'],
    [
      'many segments are cut short',
      { t: [{ tt: 0, sg: [1, 2, 3, 4, 5, 6].map((i) => ({ st: (i - 1) * 1000, d: 1000, m: { name: `c${i}` } })) }] },
      'Timeline (1 track): 1. Video: c1 (0-1s), c2 (1-2s), c3 (2-3s), c4 (3-4s), +2 more',
    ],
  ];
  for (const [what, raw, want] of rows) it(what, () => assert.equal(summarizeDraft(parseDraft(raw)), want));
});

describe('diffDrafts', () => {
  const base = draft(contractDraft);
  const kinds = (changes: DraftChange[]) => changes.map((c) => c.kind);

  it('finds nothing between equal drafts', () => {
    assert.deepEqual(diffDrafts(base, draft(structuredClone(contractDraft))), []);
    assert.equal(describeChanges([]), 'No changes to the timeline.');
  });

  it('title text changed and music removed: the contract-style sentence', () => {
    const after = edited((r) => {
      r.t.splice(1, 1);
      r.t[1]!.sg[0]!.m.text = 'Tick';
    });
    const changes = diffDrafts(base, after);
    assert.deepEqual(kinds(changes), ['track-removed', 'text-changed']);
    assert.equal(changes[0]?.track, 1);
    assert.deepEqual([changes[1]?.track, changes[1]?.segment], [1, 0]);
    assert.equal(describeChanges(changes), 'Changed: removed the background music; title text "Urban Dreams" → "Tick".');
  });

  it('a removed middle track does not read as every later track changing', () => {
    const after = edited((r) => r.t.splice(0, 1));
    assert.deepEqual(diffDrafts(base, after).map((c) => c.description), ['removed the video track']);
  });

  it('added tracks and segments', () => {
    const after = edited((r) => {
      r.t[0]!.sg.push({ st: 10000, d: 5000, m: { name: 'sunset', src: 'https://cdn.example/sunset.mp4' } });
      r.t.push({ tt: 7, sg: [{ st: 8000, d: 2000, m: { text: 'Subscribe', style: 'caption' } }] });
    });
    const changes = diffDrafts(base, after);
    assert.deepEqual(kinds(changes), ['segment-added', 'track-added']);
    assert.deepEqual([changes[0]?.track, changes[0]?.segment], [0, 1]);
    assert.equal(describeChanges(changes), 'Changed: added video clip "sunset" (10-15s); added text "Subscribe".');
  });

  it('a clip with another src at the same place is a replacement, not a removal plus an addition', () => {
    const after = edited((r) => (r.t[0]!.sg[0]!.m = { name: 'forest', src: 'https://cdn.example/forest.mp4' }));
    const changes = diffDrafts(base, after);
    assert.deepEqual(kinds(changes), ['segment-changed']);
    assert.equal(changes[0]?.description, 'replaced video clip "city timelapse" with video clip "forest"');
  });

  it('removing the first of two clips removes that clip; the second keeps its identity by src', () => {
    const two = edited((r) => r.t[0]!.sg.push({ st: 10000, d: 5000, m: { name: 'b', src: 'https://cdn.example/b.mp4' } }));
    const after = edited((r) => (r.t[0]!.sg = [{ st: 0, d: 5000, m: { name: 'b', src: 'https://cdn.example/b.mp4' } }]));
    const changes = diffDrafts(two, after);
    assert.deepEqual(changes.map((c) => [c.kind, c.segment, c.description]), [
      ['segment-removed', 0, 'removed video clip "city timelapse"'],
      ['segment-retimed', 0, 'video clip "b" now 0-5s (was 10-15s)'],
    ]);
  });

  it('retimed, volume, style, renamed and unknown-key changes', () => {
    const after = edited((r) => {
      r.d = 15000;
      r.m.width = 1080;
      r.m.height = 1920;
      r.t[1]!.sg[0]!.m = { name: 'Lo-fi beat', vol: 0.2, src: 'https://cdn.example/lofi.mp3' };
      r.t[2]!.sg[0] = { st: 1000, d: 3000, m: { text: 'Urban Dreams', style: 'big-title', fontSize: 96 } };
    });
    assert.deepEqual(diffDrafts(base, after).map((c) => `${c.kind}: ${c.description}`), [
      'duration-changed: duration 30s → 15s',
      'canvas-changed: canvas 1920×1080 → 1080×1920',
      'segment-changed: music "Lo-fi beat" renamed from "Lo-fi"',
      'segment-changed: music "Lo-fi beat" volume 35% → 20%',
      'segment-retimed: title "Urban Dreams" now 1-4s (was 0-3s)',
      'segment-changed: title "Urban Dreams" style title → big-title',
      'segment-changed: title "Urban Dreams": fontSize changed',
    ]);
  });

  it('from nothing to a draft, and from a draft to nothing', () => {
    assert.deepEqual(kinds(diffDrafts(undefined, base)), ['duration-changed', 'canvas-changed', 'track-added', 'track-added', 'track-added']);
    assert.equal(
      describeChanges(diffDrafts(undefined, base)),
      'Changed: duration 0s → 30s; canvas set to 1920×1080; added video clip "city timelapse"; added music "Lo-fi"; added title "Urban Dreams".',
    );
    assert.deepEqual(kinds(diffDrafts(base, undefined)), ['duration-changed', 'track-removed', 'track-removed', 'track-removed']);
  });

  it('a long list of changes is cut short with a count', () => {
    const many: DraftChange[] = Array.from({ length: 11 }, (_, i) => ({ kind: 'segment-added', description: `c${i}` }));
    assert.equal(describeChanges(many), 'Changed: c0; c1; c2; c3; c4; c5; c6; c7; 3 more changes.');
    assert.equal(describeChanges(many.slice(0, 9)), 'Changed: c0; c1; c2; c3; c4; c5; c6; c7; 1 more change.');
  });

  it('text segments without names match by position and prefer equal text', () => {
    const before = draft({ t: [{ tt: 7, sg: [{ st: 0, d: 1000, m: { text: 'A' } }, { st: 1000, d: 1000, m: { text: 'B' } }] }] });
    const changedText = draft({ t: [{ tt: 7, sg: [{ st: 0, d: 1000, m: { text: 'A' } }, { st: 1000, d: 1000, m: { text: 'C' } }] }] });
    assert.deepEqual(diffDrafts(before, changedText).map((c) => c.description), ['text "B" → "C"']);
    const firstGone = draft({ t: [{ tt: 7, sg: [{ st: 1000, d: 1000, m: { text: 'B' } }] }] });
    assert.deepEqual(diffDrafts(before, firstGone).map((c) => c.description), ['removed text "A"']);
  });
});

describe('readDraft: the one reading of a state draft (short keys, or unreadable)', () => {
  const read = (value: unknown) => readDraft(value, JSON.stringify(value));

  it('the short-key object, and a JSON string holding it, are drafts to draw', () => {
    const d = read(contractDraft);
    assert.ok(d && !isUnreadable(d));
    assert.equal(d.tracks.length, 3);
    const inString = read(JSON.stringify(contractDraft));
    assert.ok(inString && !isUnreadable(inString));
    assert.equal(inString.title, 'Urban Dreams');
    assert.ok(read({}) && !isUnreadable(read({})), 'an empty object is an empty timeline');
  });

  it('no draft at all is undefined: "no timeline yet"', () => {
    for (const none of [undefined, null, '']) assert.equal(read(none), undefined);
    assert.equal(summarizeDraft(read(null)), 'No timeline yet.');
  });

  it('Draft V3 text (bare or inside an object) and other shapes are unreadable, with their text kept', () => {
    const v3 = '<draft version="3"><track type="video"><clip start="0" duration="1000"/></track></draft>';
    const cases: Array<[unknown, string]> = [
      [v3, 'draft-v3'],
      [{ version: 3, xml: v3 }, 'draft-v3'],
      ['just words', 'unknown'],
      [[1, 2], 'unknown'],
      [42, 'unknown'],
      [{ tracks: [], clips: [] }, 'unknown'],
    ];
    for (const [value, format] of cases) {
      const d = read(value);
      assert.ok(isUnreadable(d), JSON.stringify(value));
      assert.equal(d.format, format, JSON.stringify(value));
      assert.equal(d.text, JSON.stringify(value));
      assert.ok(isExportReady(d), 'the server judges a draft we cannot read: it still exports');
    }
    assert.equal(summarizeDraft(read(v3)), 'Timeline: this version cannot draw it (it is in Draft V3); it can still be exported.');
    assert.match(summarizeDraft(read(42)), /in an unknown format/);
  });

  it('a change of an unreadable draft is one change, told without drawing it; the same text is no change', () => {
    const a = readDraft('<draft version="3"></draft>', '"a"');
    const b = readDraft('<draft version="3"><track/></draft>', '"b"');
    assert.deepEqual(diffDrafts(a, readDraft('<draft version="3"></draft>', '"a"')), []);
    for (const before of [a, read(contractDraft), undefined]) {
      const changes = diffDrafts(before, b);
      assert.equal(changes.length, 1);
      assert.equal(changes[0].kind, 'unreadable-changed');
    }
    // From unreadable to a readable draft: the readable one's tracks are all new.
    assert.equal(diffDrafts(a, read(contractDraft)).filter((c) => c.kind === 'track-added').length, 3);
  });
});
