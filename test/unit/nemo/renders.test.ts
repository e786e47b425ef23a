import assert from 'node:assert/strict';
import { isNemoError } from '../../../src/nemo/errors';
import { newRenderId, parseRenderPoll, renderRequestBody } from '../../../src/nemo/renders';

const parse = (body: unknown, data?: unknown) => {
  const raw = JSON.stringify(body);
  return parseRenderPoll(data ?? body, raw);
};

describe('renders: pure parts', () => {
  it('splices the raw draft text in verbatim', () => {
    const raw = '{ "d" : 1e4, "x": {"ü":"\\u00fc"},\n "t":[] }';
    const body = renderRequestBody('render_1', '1234567890123456789', raw);
    assert.equal(body, `{"id":"render_1","sessionId":"1234567890123456789","draft":${raw},"output":{"format":"mp4","quality":"high"}}`);
    assert.deepEqual(JSON.parse(body).output, { format: 'mp4', quality: 'high' });
  });

  it('makes fresh, increasing render_<ms> ids even within one millisecond', () => {
    const a = newRenderId(1_700_000_000_000);
    const b = newRenderId(1_700_000_000_000);
    assert.match(a, /^render_\d{13}$/);
    assert.notEqual(a, b);
    assert.ok(Number(b.slice(7)) > Number(a.slice(7)));
  });

  it('reads shape 1: data:{id,status,progress,outputUrl,...}', () => {
    const body = { success: true, data: { id: 'r', status: 'completed', progress: 100, outputUrl: 'https://cdn/x.mp4', createdAt: 'x', completedAt: 'y' }, error: null };
    assert.deepEqual(parse(body, body.data), { status: 'completed', progress: 100, url: 'https://cdn/x.mp4' });
  });

  it('reads shape 2: top-level {status,progress,output:{url}}, with or without success beside', () => {
    assert.deepEqual(parse({ status: 'processing', progress: 42 }), { status: 'processing', progress: 42 });
    const withSuccess = { success: true, id: 'r', status: 'completed', progress: 100, output: { url: 'https://cdn/y.mp4' } };
    assert.deepEqual(parse(withSuccess), { status: 'completed', progress: 100, url: 'https://cdn/y.mp4' });
  });

  it('reads shape 3: {taskId,status,progress,output:{url,duration,size}}', () => {
    const body = { taskId: 'r', status: 'completed', progress: 100, output: { url: 'https://cdn/z.mp4', duration: 10, size: 12345 } };
    assert.deepEqual(parse(body), { status: 'completed', progress: 100, url: 'https://cdn/z.mp4', size: 12345 });
  });

  it('keeps the reason of a failed render, at the top level or in data', () => {
    assert.deepEqual(parse({ status: 'failed', progress: 50, error: 'encoder crashed' }), { status: 'failed', progress: 50, error: 'encoder crashed' });
    const inData = { success: true, data: { status: 'failed', progress: 60, error: { message: 'out of memory' } }, error: null };
    assert.equal(parse(inData, inData.data).error, 'out of memory');
  });

  it('clamps progress and refuses an answer without a known status', () => {
    assert.equal(parse({ status: 'processing', progress: 140 }).progress, 100);
    assert.equal(parse({ status: 'queued', progress: 'n/a' }).status, 'pending');
    assert.throws(() => parse({ progress: 3 }), (e) => isNemoError(e) && e.kind === 'protocol');
    assert.throws(() => parse({ status: 'exploded' }), (e) => isNemoError(e) && e.kind === 'protocol');
  });
});
