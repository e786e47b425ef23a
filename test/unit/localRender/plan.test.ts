import assert from 'node:assert/strict';
import { parseDraft, type Draft } from '../../../src/draft';
import { planRender, segmentKey, wrap, type PlannedMedia, type RenderPlan } from '../../../src/localRender/plan';

const CLIP: PlannedMedia = { path: '/m/clip.mp4', kind: 'video', hasAudio: true, durationMs: 10_000 };
const MUTE_CLIP: PlannedMedia = { path: '/m/mute.mp4', kind: 'video', hasAudio: false, durationMs: 10_000 };
const STILL: PlannedMedia = { path: '/m/still.png', kind: 'image', hasAudio: false };
const SONG: PlannedMedia = { path: '/m/song.mp3', kind: 'audio', hasAudio: true, durationMs: 60_000 };
const VOICE: PlannedMedia = { path: '/m/voice.mp3', kind: 'audio', hasAudio: true, durationMs: 5_000 };

function draftOf(raw: unknown): Draft {
  return parseDraft(raw)!;
}

/** Plans `raw` with media given per "track/segment" key. */
function plan(raw: unknown, media: Record<string, PlannedMedia>, scale: 'fill' | 'fit' = 'fill'): RenderPlan {
  return planRender({ draft: draftOf(raw), media: new Map(Object.entries(media)), scale });
}

const graphOf = (p: RenderPlan) => p.args[p.args.indexOf('-filter_complex') + 1];
const inputs = (p: RenderPlan) => p.args.flatMap((a, i) => (a === '-i' ? [p.args[i + 1]] : []));
const argAfter = (p: RenderPlan, flag: string) => p.args[p.args.lastIndexOf(flag) + 1];

describe('localRender planner', () => {
  it('canvas: 1920x1080 when the draft has none; 9:16 and 1:1 keep theirs; odd sizes become even', () => {
    const none = plan({ d: 1000, t: [{ tt: 7, sg: [{ st: 0, d: 1000, m: { text: 'x' } }] }] }, {});
    assert.deepEqual([none.width, none.height], [1920, 1080]);
    assert.match(graphOf(none), /^color=c=black:s=1920x1080:r=30:d=1\.000\[/);
    const tall = plan({ d: 1000, m: { width: 1080, height: 1920 }, t: [] }, {});
    assert.deepEqual([tall.width, tall.height], [1080, 1920]);
    assert.match(graphOf(tall), /s=1080x1920/);
    const square = plan({ d: 1000, m: { width: 1081, height: 1081 }, t: [] }, {});
    assert.deepEqual([square.width, square.height], [1080, 1080]);
  });

  it('output: H.264 yuv420p + AAC, +faststart, cut at exactly the draft duration', () => {
    const p = plan({ d: 12_345, t: [] }, {});
    assert.equal(argAfter(p, '-c:v'), 'libx264');
    assert.equal(argAfter(p, '-pix_fmt'), 'yuv420p');
    assert.equal(argAfter(p, '-c:a'), 'aac');
    assert.equal(argAfter(p, '-movflags'), '+faststart');
    assert.equal(argAfter(p, '-t'), '12.345');
    assert.equal(p.durationMs, 12_345);
  });

  it('video segments are placed by st/d over a black canvas (gaps stay black), later ones on top', () => {
    const p = plan({ d: 10_000, t: [{ tt: 0, sg: [{ st: 1000, d: 3000 }, { st: 2000, d: 2000 }, { st: 7000, d: 9000 }] }] },
      { '0/0': CLIP, '0/1': MUTE_CLIP, '0/2': CLIP });
    const g = graphOf(p);
    assert.deepEqual(inputs(p), ['/m/clip.mp4', '/m/mute.mp4', '/m/clip.mp4']);
    // Each input is read only for its segment's time; the last one is cut at the draft's end.
    assert.deepEqual(p.args.flatMap((a, i) => (a === '-t' && p.args[i + 2] === '-i' ? [p.args[i + 1]] : [])), ['3.000', '2.000', '3.000']);
    const overlays = [...g.matchAll(/overlay=eof_action=pass:enable='gte\(t,([\d.]+)\)\*lt\(t,([\d.]+)\)'/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(overlays, [['1.000', '4.000'], ['2.000', '4.000'], ['7.000', '10.000']]);
    assert.match(g, /setpts=PTS-STARTPTS\+1\.000\/TB/);
    assert.match(g, /setpts=PTS-STARTPTS\+7\.000\/TB/);
    // The second overlay stacks on the first's output: overlapping segments draw in draft order.
    const [first, second] = [...g.matchAll(/\[(v\d+)\]\[(v\d+)\]overlay[^[]*\[(v\d+)\]/g)];
    assert.equal(second[1], first[3]);
    // Video sound comes along for clips that have it, placed at the segment's start.
    assert.equal((g.match(/adelay=1000\|1000/g) ?? []).length, 1);
    assert.equal((g.match(/adelay=2000\|2000/g) ?? []).length, 0, 'the mute clip adds no audio');
  });

  it('fill crops to the canvas, fit letterboxes', () => {
    const raw = { d: 1000, t: [{ tt: 0, sg: [{ st: 0, d: 1000 }] }] };
    assert.match(graphOf(plan(raw, { '0/0': CLIP }, 'fill')), /force_original_aspect_ratio=increase,crop=1920:1080/);
    assert.match(graphOf(plan(raw, { '0/0': CLIP }, 'fit')), /force_original_aspect_ratio=decrease,pad=1920:1080:\(ow-iw\)\/2:\(oh-ih\)\/2:color=black/);
  });

  it('images are stills for their segment time', () => {
    const p = plan({ d: 5000, t: [{ tt: 0, sg: [{ st: 500, d: 2000 }] }] }, { '0/0': STILL });
    const i = p.args.indexOf('/m/still.png');
    assert.deepEqual(p.args.slice(i - 7, i), ['-loop', '1', '-framerate', '30', '-t', '2.000', '-i']);
    assert.doesNotMatch(graphOf(p), /\[0:a\]/, 'a still has no sound');
  });

  it('audio tracks keep their volume and start; every stream is padded to the whole draft and mixed', () => {
    const p = plan({ d: 8000, t: [{ tt: 1, sg: [{ st: 2000, d: 4000, m: { name: 'Lo-fi', vol: 0.35 } }] }] }, { '0/0': SONG });
    const g = graphOf(p);
    assert.match(g, /\[0:a\][^;]*atrim=duration=4\.000,asetpts=PTS-STARTPTS,volume=0\.350,adelay=2000\|2000,apad=whole_len=384000,atrim=duration=8\.000\[/);
    assert.match(g, /anullsrc=r=48000:cl=stereo,atrim=duration=8\.000/);
    assert.match(g, /amix=inputs=2:duration=first:dropout_transition=0,volume=2\[/);
    assert.doesNotMatch(g, /sidechaincompress/, 'no voice: nothing to duck under');
  });

  it('background music is ducked under the voice when both are there', () => {
    const p = plan({
      d: 6000,
      t: [
        { tt: 1, sg: [{ st: 0, d: 6000, m: { name: 'bed', vol: 0.5 } }] },
        { tt: 1, sg: [{ st: 1000, d: 3000, m: { name: 'narration', style: 'voiceover' } }] },
      ],
    }, { '0/0': SONG, '1/0': VOICE });
    const g = graphOf(p);
    const duck = /\[(a\d+)\]\[(a\d+)\]sidechaincompress=[^[]*\[(a\d+)\]/.exec(g);
    assert.ok(duck, g);
    assert.match(g, new RegExp(`asplit=2\\[a\\d+\\]\\[${duck[2]}\\]`), 'the voice is the key');
    assert.match(g, new RegExp(`\\[0:a\\][^;]*\\[${duck[1]}\\]`), 'the music is compressed');
  });

  it('text segments are drawn only for their time, titles centred and captions low, from text files', () => {
    const hostile = "it's 50% off: [now]; a\\b, ok";
    const p = plan({
      d: 10_000,
      t: [{ tt: 7, sg: [{ st: 0, d: 3000, m: { text: 'Urban Dreams', style: 'title' } }, { st: 4000, d: 2000, m: { text: hostile, style: 'subtitle' } }] }],
    }, {});
    const g = graphOf(p);
    assert.deepEqual(p.textFiles, [{ name: 't0.txt', text: 'Urban Dreams' }, { name: 't1.txt', text: hostile }]);
    assert.ok(!p.args.some((a) => a.includes('50%')), 'draft text never reaches the arguments');
    assert.match(g, /textfile=t0\.txt:expansion=none:[^;]*y=\(h-text_h\)\/2:enable='gte\(t,0\.000\)\*lt\(t,3\.000\)'/);
    assert.match(g, /textfile=t1\.txt:expansion=none:[^;]*box=1[^;]*y=h-text_h-86:enable='gte\(t,4\.000\)\*lt\(t,6\.000\)'/);
    assert.ok(g.split('fontfile=').slice(1).every((s) => s.startsWith(`${p.fontFile}:`)), 'the shipped font, by name, every time');
  });

  it('missing media is reported by name and drawn as a labelled placeholder, never dropped', () => {
    const p = plan({
      d: 6000,
      t: [
        { tt: 0, sg: [{ st: 0, d: 3000, m: { name: 'beach' } }, { st: 3000, d: 3000, m: { src: 'https://cdn.example/x/city.mp4?sig=1' } }] },
        { tt: 1, sg: [{ st: 0, d: 6000, m: { name: 'Lo-fi' } }] },
      ],
    }, { '0/0': CLIP });
    assert.deepEqual(p.missing, [{ track: 'video', name: 'city.mp4' }, { track: 'audio', name: 'Lo-fi' }]);
    assert.deepEqual(p.textFiles, [{ name: 't0.txt', text: 'Missing media: city.mp4' }]);
    const g = graphOf(p);
    assert.match(g, /color=c=0x2b2f36:s=1920x1080:r=30:d=3\.000,drawtext=[^;]*textfile=t0\.txt[^;]*setpts=PTS-STARTPTS\+3\.000\/TB/);
    assert.match(g, /enable='gte\(t,3\.000\)\*lt\(t,6\.000\)'/);
    assert.deepEqual(inputs(p), ['/m/clip.mp4'], 'no input for what is missing');
  });

  it('segments past the end are cut, ones that start after it are left out, other tracks are ignored', () => {
    const key = segmentKey(draftOf({ t: [{ tt: 0, sg: [{}] }] }).tracks[0], draftOf({ t: [{ tt: 0, sg: [{}] }] }).tracks[0].segments[0]);
    assert.equal(key, '0/0');
    const p = plan({ d: 4000, t: [{ tt: 0, sg: [{ st: 3000, d: 5000 }, { st: 4000, d: 1000 }] }, { tt: 9, sg: [{ st: 0, d: 4000 }] }] },
      { '0/0': MUTE_CLIP, '0/1': MUTE_CLIP });
    assert.deepEqual(inputs(p), ['/m/mute.mp4']);
    assert.deepEqual(p.missing, []);
    assert.match(graphOf(p), /tpad=stop_mode=clone:stop_duration=1\.000,trim=duration=1\.000/);
  });

  it('wraps long text at spaces, and words longer than a line anywhere', () => {
    assert.equal(wrap('one two three four', 9), 'one two\nthree\nfour');
    assert.equal(wrap('abcdefghij', 4), 'abcd\nefgh\nij');
    assert.equal(wrap('line one\nline two', 40), 'line one\nline two');
  });
});
