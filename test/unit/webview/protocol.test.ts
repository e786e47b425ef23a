import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { arr, bool, check, type Guard, num, obj, oneOf, optional, resourceUrl, str, stringMap } from '../../../src/shared/guards';
import { handlePageMessage, type TimelineController } from '../../../src/extension/timeline/pageMessages';
import {
  applyHostMessage, emptySnapshot, type HostMessage, MAX_PROMPT_CHARS, parseHostMessage, parsePageMessage, parseSnapshot,
} from '../../../src/shared/protocol';

/** A controller that records what it was asked to do. */
function recordingController(): TimelineController & { calls: string[] } {
  const calls: string[] = [];
  const rec = (name: string) => async (arg?: string) => {
    calls.push(arg === undefined ? name : `${name}:${arg}`);
  };
  return {
    calls,
    prompt: rec('prompt'), exportVideo: rec('exportVideo'), exportLocally: rec('exportLocally'), refresh: rec('refresh'), newSession: rec('newSession'),
    showCredits: rec('showCredits'), openWebEditor: rec('openWebEditor'), openExternally: rec('openExternally'),
  };
}

async function dispatch(raw: unknown, exportFile?: string) {
  const controller = recordingController();
  const logs: string[] = [];
  let ready = 0;
  await handlePageMessage(raw, { controller, log: (l) => logs.push(l), onReady: () => ready++, exportFile: () => exportFile });
  return { calls: controller.calls, logs, ready };
}

describe('timeline protocol: page → host', () => {
  const malformed: [string, unknown][] = [
    ['not an object', 'timeline/page/ready'],
    ['null', null],
    ['an array', [{ type: 'timeline/page/ready' }]],
    ['no type', { text: 'hi' }],
    ['an unknown type', { type: 'timeline/file/delete', path: '/etc/passwd' }],
    ['a host message type', { type: 'timeline/view/set', view: { media: [], changes: [] } }],
    ['a prompt that is not a string', { type: 'timeline/prompt/send', text: 42 }],
    ['an empty prompt', { type: 'timeline/prompt/send', text: '   ' }],
    ['a prompt over the limit', { type: 'timeline/prompt/send', text: 'x'.repeat(MAX_PROMPT_CHARS + 1) }],
    ['a prototype key as type', { type: '__proto__' }],
  ];
  for (const [what, raw] of malformed) {
    it(`rejects ${what} with a log line and does nothing`, async () => {
      assert.equal(parsePageMessage(raw).ok, false);
      const { calls, logs, ready } = await dispatch(raw);
      assert.deepEqual(calls, []);
      assert.equal(ready, 0);
      assert.equal(logs.length, 1);
      assert.match(logs[0], /^timeline: rejected a page message: /);
    });
  }

  it('dispatches each valid request to the controller', async () => {
    assert.deepEqual((await dispatch({ type: 'timeline/prompt/send', text: 'add music' })).calls, ['prompt:add music']);
    assert.deepEqual((await dispatch({ type: 'timeline/export/start' })).calls, ['exportVideo']);
    assert.deepEqual((await dispatch({ type: 'timeline/export/startLocal' })).calls, ['exportLocally']);
    assert.deepEqual((await dispatch({ type: 'timeline/view/refresh' })).calls, ['refresh']);
    assert.deepEqual((await dispatch({ type: 'timeline/session/new' })).calls, ['newSession']);
    assert.deepEqual((await dispatch({ type: 'timeline/credits/show' })).calls, ['showCredits']);
    assert.deepEqual((await dispatch({ type: 'timeline/webEditor/open' })).calls, ['openWebEditor']);
    // The page only asks: a URL it sends along is dropped, never handed to the host's action.
    assert.deepEqual((await dispatch({ type: 'timeline/webEditor/open', url: 'https://evil.example' })).calls, ['openWebEditor']);
    assert.equal((await dispatch({ type: 'timeline/page/ready' })).ready, 1);
  });

  it('drops fields the protocol does not know', () => {
    const parsed = parsePageMessage({ type: 'timeline/prompt/send', text: 'hi', extra: { x: 1 } });
    assert.deepEqual(parsed, { ok: true, message: { type: 'timeline/prompt/send', text: 'hi' } });
  });

  it('opens only the host\'s own exported file, whatever path the page sends', async () => {
    const sent = await dispatch({ type: 'timeline/video/openExternally', file: '/etc/passwd' }, '/work/videos/a.mp4');
    assert.deepEqual(sent.calls, ['openExternally:/work/videos/a.mp4']);
    const none = await dispatch({ type: 'timeline/video/openExternally' });
    assert.deepEqual(none.calls, []);
    assert.equal(none.logs.length, 1);
  });

  it('logs a controller failure instead of leaving the promise rejected', async () => {
    const logs: string[] = [];
    const controller = { ...recordingController(), exportVideo: async () => { throw new Error('render refused'); } };
    await handlePageMessage({ type: 'timeline/export/start' }, { controller, log: (l) => logs.push(l), onReady: () => {}, exportFile: () => undefined });
    assert.deepEqual(logs, ['timeline: timeline/export/start failed: render refused']);
  });
});

describe('timeline protocol: host → page', () => {
  const view = (thumbnail: string) => ({
    type: 'timeline/view/set',
    view: { media: [{ name: 'clip', thumbnail }], changes: [] },
  });

  it('accepts web and webview-resource URLs and refuses script, data, blob and file URLs for images', () => {
    for (const good of ['https://cdn.example/thumb.jpg', 'https://file+.vscode-resource.vscode-cdn.net/w/videos/a.mp4', 'vscode-resource:/w/videos/a.mp4']) {
      assert.equal(parseHostMessage(view(good)).ok, true, good);
    }
    for (const bad of ['javascript:alert(1)', 'data:image/svg+xml,<svg onload=alert(1)>', 'blob:https://x/1', 'file:///etc/passwd', 'not a url']) {
      const parsed = parseHostMessage(view(bad));
      assert.equal(parsed.ok, false, bad);
      if (!parsed.ok) assert.match(parsed.error, /view\.media\[0\]\.thumbnail/);
    }
  });

  it('names the path of the first bad field', () => {
    const parsed = parseHostMessage({
      type: 'timeline/view/set',
      view: { media: [], changes: [], draft: { durationMs: 1000, tracks: [{ index: 0, kind: 'video', type: '0', heading: 'Video', changed: false, segments: [{ index: 0, startMs: -1, durationMs: 1, meta: {}, changed: false }] }] } },
    });
    assert.deepEqual(parsed, { ok: false, error: 'timeline/view/set: view.draft.tracks[0].segments[0].startMs: expected a number ≥ 0' });
  });

  it('rejects an unknown track kind and an unknown export stage', () => {
    assert.equal(parseHostMessage({ type: 'timeline/export/progress', progress: { stage: 'exploding' } }).ok, false);
    assert.equal(parseHostMessage({ type: 'timeline/export/progress', progress: { stage: 'rendering', percent: 140 } }).ok, false);
    assert.equal(parseHostMessage({ type: 'timeline/export/progress', progress: { stage: 'rendering', percent: 40 } }).ok, true);
  });
});

describe('timeline snapshot reducer', () => {
  const apply = (...ms: HostMessage[]) => ms.reduce(applyHostMessage, emptySnapshot());

  it('streams a reply into the open entry and closes it', () => {
    const s = apply(
      { type: 'timeline/reply/start', prompt: 'make a video' },
      { type: 'timeline/reply/append', text: 'Working ' },
      { type: 'timeline/reply/append', text: 'on it.' },
      { type: 'timeline/reply/end', error: 'stream broke' },
      { type: 'timeline/reply/append', text: 'late delta' }, // no open entry: ignored
    );
    assert.deepEqual(s.conversation, [{ prompt: 'make a video', reply: 'Working on it.', done: true, error: 'stream broke' }]);
  });

  it('keeps the last 50 entries and survives its own round trip through parseSnapshot', () => {
    const ms: HostMessage[] = [];
    for (let i = 0; i < 60; i++) ms.push({ type: 'timeline/reply/start', prompt: `p${i}` }, { type: 'timeline/reply/end' });
    const s = apply(...ms, { type: 'timeline/busy/set', busy: true, label: 'Rendering' }, { type: 'timeline/credits/set', credits: { available: 50, frozen: 0, total: 100 } });
    assert.equal(s.conversation.length, 50);
    assert.equal(s.conversation[0].prompt, 'p10');
    assert.deepEqual(parseSnapshot(JSON.parse(JSON.stringify(s))), JSON.parse(JSON.stringify(s)));
    assert.equal(parseSnapshot({ busy: 'yes', conversation: [] }), undefined);
  });
});

describe('protocol guards: the untracked first pass', () => {
  // A message shaped like a state message, built from every kind of guard.
  const segment = obj({ index: num({ min: 0, int: true }), name: optional(str({ max: 20 })), volume: optional(num({ min: 0, max: 100 })), meta: stringMap(3), changed: bool });
  const guard: Guard<unknown> = obj({
    kind: oneOf(['video', 'audio'] as const),
    thumbnail: optional(resourceUrl()),
    lines: arr(str({ nonEmpty: true }), 3),
    tracks: arr(obj({ segments: arr(segment) })),
  });
  const valid = {
    kind: 'video', thumbnail: 'https://cdn.example/t.jpg', lines: ['a', 'b'],
    tracks: [0, 1].map(() => ({ segments: [0, 1, 2].map((i) => ({ index: i, name: `s${i}`, volume: 35, meta: { fps: '30' }, changed: i === 1 })) })),
  };
  const leaves: (string | number)[][] = [];
  const walk = (v: unknown, at: (string | number)[]) => {
    if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...at, Array.isArray(v) ? Number(k) : k]);
    leaves.push(at);
  };
  walk(valid, []);

  const outcome = (run: () => unknown): { ok: true; value: unknown } | { ok: false; error: string } => {
    try {
      return { ok: true, value: run() };
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
  };

  it('accepts and rejects exactly what the path-naming run does, and names the same field', () => {
    fc.assert(fc.property(fc.constantFrom(...leaves), fc.oneof(fc.jsonValue(), fc.constant(undefined)), (at, value) => {
      const message = structuredClone(valid) as Record<string | number, unknown>;
      if (at.length === 0) return; // the root itself: covered by the other leaves' parents
      let parent = message;
      for (const k of at.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
      parent[at.at(-1)!] = value;
      const tracked = outcome(() => guard(message, 'msg'));
      const untracked = outcome(() => guard(message, undefined));
      assert.equal(untracked.ok, tracked.ok);
      assert.deepEqual(outcome(() => check(guard, message, 'msg')), tracked);
    }), { numRuns: 500 });
  });
});
