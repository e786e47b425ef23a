import * as assert from 'node:assert/strict';
import { diffDrafts, parseDraft } from '../../../src/draft';
import { buildTimelineHtml, makeNonce, timelineCsp } from '../../../src/extension/timeline/html';
import { toTimelineViewState } from '../../../src/extension/timeline/viewState';
import { parseHostMessage } from '../../../src/shared/protocol';

const contractDraft = {
  d: 30000,
  m: { title: 'Urban Dreams', width: 1920, height: 1080 },
  t: [
    { tt: 0, sg: [{ st: 0, d: 10000, m: { name: 'city timelapse', src: 'https://cdn.example/clip.mp4', fps: 30 } }] },
    { tt: 1, sg: [{ st: 0, d: 10000, m: { name: 'Lo-fi', vol: 0.35, src: 'https://cdn.example/lofi.mp3' } }] },
    { tt: 7, sg: [{ st: 0, d: 3000, m: { text: 'Urban Dreams', style: 'title' } }] },
    { tt: 9, sg: [{ st: 1000, d: 500, m: { effect: { kind: 'glow' } } }] },
  ],
};

describe('timeline view state', () => {
  it('maps the contract draft, media and changes into what the page draws', () => {
    const before = parseDraft({ ...contractDraft, t: contractDraft.t.slice(0, 2) });
    const after = parseDraft(contractDraft);
    const view = toTimelineViewState({
      sessionId: '123',
      draft: after,
      changes: diffDrafts(before, after),
      state: {
        generated_media: [{ id: 'gen_1', type: 'video', name: 'city timelapse', duration: 10, url: 'https://cdn.example/clip.mp4', thumbnail: 'https://cdn.example/clip.jpg' }],
        video_infos: { a: { filename: 'me.png', file_type: 'image', cdn_url: 'https://cdn.example/me.png', width: 800, height: 600 } },
      },
      exportFile: '/w/videos/urban.mp4',
    });
    assert.equal(view.sessionId, '123');
    assert.equal(view.exportFile, '/w/videos/urban.mp4');
    const d = view.draft!;
    assert.deepEqual([d.durationMs, d.title, d.width, d.height], [30000, 'Urban Dreams', 1920, 1080]);
    assert.deepEqual(d.tracks.map((t) => [t.kind, t.type, t.heading, t.changed]), [['video', '0', 'Video', false], ['audio', '1', 'BGM', false], ['text', '7', 'Title', true], ['other', '9', 'Other', true]]);
    const [video, audio, text, other] = d.tracks.map((t) => t.segments[0]);
    assert.deepEqual(video, { index: 0, startMs: 0, durationMs: 10000, name: 'city timelapse', src: 'https://cdn.example/clip.mp4', meta: { fps: '30' }, changed: false, thumbnail: 'https://cdn.example/clip.jpg' });
    assert.equal(audio.volumePercent, 35);
    assert.deepEqual([text.text, text.style, text.changed], ['Urban Dreams', 'title', true]);
    assert.deepEqual(other.meta, { effect: '{"kind":"glow"}' });
    assert.deepEqual(view.media, [
      { name: 'city timelapse', kind: 'video', url: 'https://cdn.example/clip.mp4', thumbnail: 'https://cdn.example/clip.jpg', durationMs: 10000 },
      { name: 'me.png', kind: 'image', url: 'https://cdn.example/me.png', thumbnail: 'https://cdn.example/me.png', width: 800, height: 600 },
    ]);
    assert.equal(view.changes.length, 2);
    // What the mapping makes is what the page accepts.
    const { exportFile: _file, ...rest } = view;
    assert.equal(parseHostMessage({ type: 'timeline/view/set', view: rest }).ok, true);
  });

  it('shows a session with no draft, and never passes a non-https thumbnail on', () => {
    const view = toTimelineViewState({ draft: undefined, state: { generated_media: [{ name: 'x', thumbnail: 'javascript:alert(1)' }, { name: 'y', thumbnail: 'http://cdn.example/y.jpg' }, 'junk'] } });
    assert.equal(view.draft, undefined);
    assert.deepEqual(view.media, [{ name: 'x' }, { name: 'y' }]);
  });
});

describe('timeline page HTML', () => {
  it('locks the page down: no default source, script by nonce only, no network', () => {
    const csp = timelineCsp('https://res.example', 'abc');
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-abc'(;|$)/);
    assert.match(csp, /style-src https:\/\/res\.example(;|$)/);
    assert.match(csp, /img-src https:\/\/res\.example https:(;|$)/);
    assert.match(csp, /media-src https:\/\/res\.example(;|$)/);
    assert.match(csp, /connect-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  it('makes a fresh 128-bit nonce each time and quotes every value it inserts', () => {
    const a = makeNonce();
    assert.equal(Buffer.from(a, 'base64').length, 16);
    assert.notEqual(a, makeNonce());
    const html = buildTimelineHtml({ cspSource: 'x', scriptUri: 'https://r/t.js?a="><script>', styleUri: 'https://r/t.css', nonce: a, title: '<b>T</b>' });
    assert.ok(html.includes(`<script nonce="${a}" src="https://r/t.js?a=&quot;&gt;&lt;script&gt;"></script>`));
    assert.ok(html.includes('<title>&lt;b&gt;T&lt;/b&gt;</title>'));
    assert.equal(html.match(/<script/g)?.length, 1);
  });

  it('carries the translations as quoted JSON in a meta element', () => {
    const html = buildTimelineHtml({ cspSource: 'x', scriptUri: 's', styleUri: 'c', nonce: 'n', title: 't', l10nBundle: { Export: '导出 "<b>"' } });
    const content = /<meta name="nemo-l10n" content="([^"]*)">/.exec(html)?.[1];
    assert.equal(content, '{&quot;Export&quot;:&quot;导出 \\&quot;&lt;b&gt;\\&quot;&quot;}');
  });
});
