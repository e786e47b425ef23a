import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TurnDecoder, type TurnEvent } from '../../../src/nemo/turnDecoder';
import { finalDelta } from '../../../src/nemo/turnEvents';
import { isNemoError } from '../../../src/nemo/errors';

const utf8 = new TextEncoder();

function decodeWhole(sse: string | Uint8Array, opts?: { maxBufferBytes?: number }): TurnEvent[] {
  const d = new TurnDecoder(opts);
  const bytes = typeof sse === 'string' ? utf8.encode(sse) : sse;
  return [...d.push(bytes), ...d.end()];
}

function decodeSplit(bytes: Uint8Array, cuts: number[]): TurnEvent[] {
  const d = new TurnDecoder();
  const out: TurnEvent[] = [];
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    out.push(...d.push(bytes.subarray(from, cut)));
    from = cut;
  }
  out.push(...d.push(bytes.subarray(from)), ...d.end());
  return out;
}

const data = (json: unknown) => `data: ${JSON.stringify(json)}\n\n`;

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail('expected a throw');
}

describe('TurnDecoder: Nemo stream shape', () => {
  it('text after a tool event opens a new paragraph only when the text before it finished a sentence', () => {
    const events = decodeWhole(
      data({ type: 'text', content: "Sure! I'll make it." }) + data({ type: 'tool_call', name: 'generate_video', args: {} }) +
        data({ type: 'text', content: ' Your video is ready.' }),
    );
    assert.deepEqual(events.map((e) => (e.type === 'text' ? e.text : e.type)), ["Sure! I'll make it.", 'tool_call', '\n\nYour video is ready.']);
  });

  it('maps text, tool calls, tool results and heartbeats', () => {
    const events = decodeWhole(
      data({ type: 'text', content: 'Making your video' }) +
        data({ type: 'tool_call', name: 'generate_video', args: { prompt: 'smartwatch' } }) +
        data({ type: 'heartbeat' }) +
        data({ type: 'tool_result', name: 'generate_video', result: { ok: true } }) +
        data({ type: 'text', content: ' — done.' }),
    );
    assert.deepEqual(events, [
      { type: 'text', text: 'Making your video' },
      { type: 'tool_call', name: 'generate_video', args: { prompt: 'smartwatch' } },
      { type: 'heartbeat' },
      { type: 'tool_result', name: 'generate_video', result: { ok: true } },
      { type: 'text', text: ' — done.' },
    ]);
  });

  it('turns an empty data block into a heartbeat, ignores comments and event:/id:/retry: lines', () => {
    const events = decodeWhole(': keep-alive\n\ndata:\n\nevent: message\nid: 7\nretry: 3000\ndata: {"type":"text","content":"hi"}\n\n: ping\n\n');
    assert.deepEqual(events, [{ type: 'heartbeat' }, { type: 'text', text: 'hi' }]);
  });

  it('joins multi-line data and accepts CRLF line ends', () => {
    const events = decodeWhole('data: {"type":"text",\r\ndata: "content":"two lines"}\r\n\r\n');
    assert.deepEqual(events, [{ type: 'text', text: 'two lines' }]);
  });

  it('ignores JSON it does not recognise and tool events without a name get "unknown"', () => {
    const events = decodeWhole(data({ type: 'usage', tokens: 3 }) + data([1, 2]) + data({ type: 'tool_call' }) + data({ something: 'else' }));
    assert.deepEqual(events, [{ type: 'tool_call', name: 'unknown', args: {} }]);
  });

  it('dispatches a last event the server closed without its blank line', () => {
    assert.deepEqual(decodeWhole('data: {"type":"text","content":"bye"}'), [{ type: 'text', text: 'bye' }]);
  });
});

describe('TurnDecoder: agent-framework stream shape', () => {
  const ev = (parts: unknown[], extra: Record<string, unknown> = {}) =>
    data({ id: 'e', invocationId: 'i', author: 'nemo', timestamp: 1, content: { role: 'model', parts }, actions: { stateDelta: {}, artifactDelta: {} }, ...extra });

  it('shows partial chunks as they come and the final repeat only once', () => {
    const events = decodeWhole(
      ev([{ text: 'Adding ' }], { partial: true }) + ev([{ text: 'music…' }], { partial: true }) + ev([{ text: 'Adding music…' }], { partial: false, turnComplete: true }),
    );
    assert.deepEqual(events, [
      { type: 'text', text: 'Adding ' },
      { type: 'text', text: 'music…' },
    ]);
  });

  it('shows what a final text adds beyond the partial chunks', () => {
    const events = decodeWhole(ev([{ text: 'Done' }], { partial: true }) + ev([{ text: 'Done. Your video is ready.' }]));
    assert.deepEqual(events, [
      { type: 'text', text: 'Done' },
      { type: 'text', text: '. Your video is ready.' },
    ]);
  });

  it('starts afresh after a final event: a second message is shown whole, as its own paragraph', () => {
    const events = decodeWhole(ev([{ text: 'One.' }], { partial: true }) + ev([{ text: 'One.' }]) + ev([{ text: 'Two.' }]));
    assert.deepEqual(events.map((e) => (e.type === 'text' ? e.text : e.type)), ['One.', '\n\nTwo.']);
  });

  it('whole messages are never glued ("…title.Done!"), and a trailing "I encountered a temporary issue" is left out', () => {
    const events = decodeWhole(ev([{ text: 'Added the title.' }]) + ev([{ text: 'Done!' }]) + ev([{ text: 'I encountered a temporary issue. Please try again.' }]));
    assert.deepEqual(events.map((e) => (e.type === 'text' ? e.text : e.type)), ['Added the title.', '\n\nDone!']);
    // Alone it is the reply, and is shown.
    const alone = decodeWhole(ev([{ text: 'I encountered a temporary issue.' }]));
    assert.deepEqual(alone.map((e) => (e.type === 'text' ? e.text : e.type)), ['I encountered a temporary issue.']);
  });

  it('a final text without partials is shown whole; several text parts are joined', () => {
    assert.deepEqual(decodeWhole(ev([{ text: 'a' }, { text: 'b' }])), [{ type: 'text', text: 'ab' }]);
  });

  it('maps functionCall / functionResponse and reports a repeated id once', () => {
    const call = { functionCall: { id: 'c1', name: 'add_music', args: { mood: 'upbeat' } } };
    const res = { functionResponse: { id: 'c1', name: 'add_music', response: { track: 2 } } };
    const events = decodeWhole(ev([call], { partial: true }) + ev([call]) + ev([res]) + ev([res]));
    assert.deepEqual(events, [
      { type: 'tool_call', name: 'add_music', args: { mood: 'upbeat' } },
      { type: 'tool_result', name: 'add_music', result: { track: 2 } },
    ]);
  });

  it('ignores an echoed user message and thought parts', () => {
    const events = decodeWhole(data({ content: { role: 'user', parts: [{ text: 'make a video' }] } }) + ev([{ text: 'hidden', thought: true }, { text: 'shown' }]));
    assert.deepEqual(events, [{ type: 'text', text: 'shown' }]);
  });
});

describe('TurnDecoder: errors', () => {
  it('maps {"error": "..."}, {"error": {message, code}} and errorCode/errorMessage', () => {
    const events = decodeWhole(
      data({ error: 'model overloaded' }) + data({ error: { message: 'quota', code: 2001 } }) + data({ errorCode: 'MAX_TOKENS', errorMessage: 'too long' }) + data({ type: 'error', message: 'bad' }),
    );
    assert.deepEqual(events, [
      { type: 'error', message: 'model overloaded' },
      { type: 'error', message: 'quota', code: '2001' },
      { type: 'error', message: 'too long', code: 'MAX_TOKENS' },
      { type: 'error', message: 'bad' },
    ]);
  });

  it('a plain-text `event: error` becomes an error event', () => {
    assert.deepEqual(decodeWhole('event: error\ndata: backend exploded\n\n'), [{ type: 'error', message: 'backend exploded' }]);
  });

  it('bad JSON throws NemoError("stream"), and keeps throwing', () => {
    const d = new TurnDecoder();
    const e = thrown(() => d.push(utf8.encode('data: {"type":"text",\n\n')));
    assert.ok(isNemoError(e) && e.kind === 'stream');
    assert.equal(thrown(() => d.push(utf8.encode('data: {}\n\n'))), e);
  });

  it('a stream cut off inside its last event throws on end()', () => {
    const d = new TurnDecoder();
    assert.deepEqual(d.push(utf8.encode('data: {"type":"text","content":"ok"}\n\ndata: {"type":"te')), [{ type: 'text', text: 'ok' }]);
    const e = thrown(() => d.end());
    assert.ok(isNemoError(e) && e.kind === 'stream');
  });

  it('an event larger than the buffer cap throws NemoError("stream") before the event completes', () => {
    const d = new TurnDecoder({ maxBufferBytes: 1024 });
    const e = thrown(() => {
      for (let i = 0; i < 10; i++) d.push(utf8.encode(`data: ${'x'.repeat(200)}\n`));
    });
    assert.ok(isNemoError(e) && e.kind === 'stream');
    assert.equal(e.details.maxBufferBytes, 1024);
  });

  it('events under the cap pass even when the whole stream is far larger', () => {
    const d = new TurnDecoder({ maxBufferBytes: 1024 });
    let texts = 0;
    for (let i = 0; i < 100; i++) texts += d.push(utf8.encode(data({ type: 'text', content: 'y'.repeat(500) }))).length;
    assert.equal(texts, 100);
  });
});

describe('finalDelta', () => {
  const rows: Array<[string, string, string, string]> = [
    ['nothing shown', '', 'Hello', 'Hello'],
    ['exact repeat', 'Hello', 'Hello', ''],
    ['extension', 'Hel', 'Hello', 'lo'],
    ['final trimmed', 'Hello\n', 'Hello', ''],
    ['whitespace only differs', ' Hello ', 'Hello', ''],
    ['different text', 'Hello wrld', 'Hello world', '\n\nHello world'],
  ];
  for (const [what, shown, final, want] of rows) it(what, () => assert.equal(finalDelta(shown, final), want));
});

describe('TurnDecoder: any split of the byte stream gives the same events (property)', () => {
  const text = fc.string({ unit: fc.constantFrom('a', ' ', '\n', '"', '\\', '视', '频', '导', '出', '🎬', '🎵', 'é', '\u2028') });
  const sseEvent = fc.oneof(
    text.map((t) => data({ type: 'text', content: t })),
    text.map((t) => `event: message\nid: 1\r\n${data({ content: { role: 'model', parts: [{ text: t }] }, partial: true })}`),
    text.map((t) => data({ content: { role: 'model', parts: [{ text: t }] } })),
    text.map((t) => data({ type: 'tool_call', name: '生成视频', args: { prompt: t } })),
    text.map((t) => data({ error: t })),
    fc.constant(': keep-alive 🫀\n\n'),
    fc.constant('data:\r\n\r\n'),
    fc.constant(data({ type: 'heartbeat' })),
  );

  it('holds for random events and random cut points', () => {
    fc.assert(
      fc.property(
        fc.array(sseEvent, { maxLength: 12 }).chain((events) => {
          const bytes = utf8.encode(events.join(''));
          return fc.tuple(fc.constant(bytes), fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 20 }));
        }),
        ([bytes, cuts]) => {
          assert.deepEqual(decodeSplit(bytes, cuts), decodeWhole(bytes));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('holds for one byte at a time through Chinese text and emoji', () => {
    const bytes = utf8.encode(data({ type: 'text', content: '生成一个视频 🎬🎵 done' }) + ': ka\n\n' + data({ content: { parts: [{ text: '导出 ✅' }] }, partial: true }));
    const cuts = Array.from({ length: bytes.length }, (_, i) => i);
    assert.deepEqual(decodeSplit(bytes, cuts), [
      { type: 'text', text: '生成一个视频 🎬🎵 done' },
      { type: 'text', text: '导出 ✅' },
    ]);
  });
});
