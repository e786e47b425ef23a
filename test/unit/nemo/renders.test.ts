import assert from 'node:assert/strict';
import { isNemoError } from '../../../src/nemo/errors';
import { cancelRender, newRenderId, parseRenderPoll, pollRender, renderRequestBody, submitRender, waitForRender, type RenderPoll } from '../../../src/nemo/renders';
import { createSession } from '../../../src/nemo/sessions';
import { startEmulator, type Emulator } from '../../emulator';
import { makeTransport } from '../../support/client';
import { SMALL_DRAFT } from './renderDrafts';

const parse = (body: unknown, data?: unknown) => {
  const raw = JSON.stringify(body);
  return parseRenderPoll(data ?? body, raw);
};

/** Where the schedule looks when progress says nothing (renderSchedule.ts), seconds after submitting. */
const PRIOR_LOOKS_S = [20, 40, 53, 64, 74, 82, 89];

/** Poll instants, seconds after submitting, from the waits asked (the polls themselves take milliseconds). */
function pollInstantsS(asked: readonly number[]): number[] {
  let t = 0;
  return asked.map((ms) => (t += ms) / 1000);
}

/** The polls fell on the prior looks and, past them, a fifth of the time so far apart (give or take the polls' own milliseconds). */
function assertOnPriorLooks(asked: readonly number[]): void {
  const at = pollInstantsS(asked);
  at.forEach((s, i) => {
    const expected = i < PRIOR_LOOKS_S.length ? PRIOR_LOOKS_S[i] : at[i - 1] * 1.2;
    assert.ok(Math.abs(s - expected) < 1, `poll ${i} at ${s} s, not ${expected} s: ${at.join(', ')}`);
  });
}

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

  it('clamps progress, and reads an answer without a known status as still going', () => {
    assert.equal(parse({ status: 'processing', progress: 140 }).progress, 100);
    assert.equal(parse({ status: 'queued', progress: 'n/a' }).status, 'pending');
    // No figure is not 0 %: the poll schedule must know that progress said nothing.
    assert.equal('progress' in parse({ status: 'queued', progress: 'n/a' }), false);
    assert.equal('progress' in parse({ status: 'processing' }), false);
    assert.equal(parse({ status: 'processing', progress: 0 }).progress, 0);
    assert.deepEqual(parse({ progress: 3 }), { status: 'processing', progress: 3 });
    assert.equal(parse({ status: 'exploded' }).status, 'processing');
  });
});

describe('renders against the emulator', () => {
  let emu: Emulator;
  let t: ReturnType<typeof makeTransport>;
  let sessionId: string;
  const submits = () => emu.requests.filter((r) => r.method === 'POST' && r.path === '/api/render/proxy/lambda');

  before(async () => {
    emu = await startEmulator({ renderMs: 200 });
  });
  after(async () => {
    await emu.close();
  });
  beforeEach(async () => {
    emu.reset();
    emu.setOptions({ pollShape: 'data' });
    t = makeTransport(emu);
    sessionId = (await createSession(t, 'en')).sessionId;
  });

  for (const shape of ['data', 'top', 'task'] as const) {
    it(`waits through pending → processing → completed in the "${shape}" poll shape`, async () => {
      // A 10 s render, fast-forwarded 1 s per wait once its MP4 exists: every stage is seen, whatever the machine's load.
      emu.setOptions({ pollShape: shape, renderMs: 10_000 });
      const id = await submitRender(t, sessionId, SMALL_DRAFT);
      assert.match(id, /^render_\d+$/);
      await emu.waitFor(() => emu.renders.get(id)?.file !== undefined, 60_000);
      const seen: RenderPoll[] = [];
      const sleep = async (ms: number): Promise<void> => emu.fastForwardRenders(ms);
      const done = await waitForRender(t, id, { intervalMs: 1_000, sleep, onProgress: (p) => seen.push(p) }).finally(() => emu.setOptions({ renderMs: 200 }));
      assert.equal(done.status, 'completed');
      assert.equal(done.progress, 100);
      assert.ok(done.url?.startsWith(`${emu.cdnUrl}/o/`), done.url);
      if (shape === 'task') assert.equal(done.size, emu.renders.get(id)!.file!.size);
      assert.ok(seen.some((p) => p.status !== 'completed'), 'saw the job before it completed');
      const progress = seen.map((p) => p.progress ?? -1);
      assert.ok(progress.every((p) => p >= 0), 'every answer carried progress');
      assert.deepEqual(progress, [...progress].sort((a, b) => a - b));
    });
  }

  it('with no poll-interval option and progress that never moves, the render is polled at the prior looks: 20 s, 40 s, then closer together until 89 s, then further apart', async () => {
    // The job stays unfinished (a 10-minute render) for the first nine polls; then the render is made
    // quick and the ninth wait lasts until its MP4 exists, so the ninth poll sees it completed.
    emu.setOptions({ renderMs: 600_000 });
    try {
      const id = await submitRender(t, sessionId, SMALL_DRAFT);
      const asked: number[] = [];
      const sleep = async (ms: number): Promise<void> => {
        asked.push(ms);
        if (asked.length < 9) return;
        emu.setOptions({ renderMs: 1 });
        await emu.waitFor(() => emu.renders.get(id)?.file !== undefined, 60_000);
      };
      const done = await waitForRender(t, id, { sleep });
      assert.equal(done.status, 'completed');
      // The waits take no time, so every answer says "pending, 5 %": progress says nothing.
      assertOnPriorLooks(asked);
      assert.equal(asked.length, 9);
      assert.equal(emu.requests.filter((r) => r.method === 'GET' && r.path === `/api/render/proxy/lambda/${id}`).length, 9);
    } finally {
      emu.setOptions({ renderMs: 200 });
    }
  });

  describe('the schedule against each progress pattern of a 60 s render (the emulator fast-forwarded by every wait)', () => {
    /** Waits for the render's way of reporting progress; returns the waits asked and how late the completing poll came. */
    async function follow(mode: 'steady' | 'stall90' | 'jump' | 'frozen' | 'none') {
      emu.setOptions({ renderMs: 60_000, progressMode: mode });
      const id = await submitRender(t, sessionId, SMALL_DRAFT);
      // The MP4 first, so the render's end is set by its time alone.
      await emu.waitFor(() => emu.renders.get(id)?.file !== undefined, 60_000);
      const asked: number[] = [];
      const seen: RenderPoll[] = [];
      const sleep = async (ms: number): Promise<void> => {
        asked.push(ms);
        emu.fastForwardRenders(ms);
      };
      await waitForRender(t, id, { sleep, onProgress: (p) => seen.push(p) });
      const job = emu.renders.get(id)!;
      return { asked, seen, lateMs: job.completedAt! - job.createdAt - 60_000 };
    }
    afterEach(() => emu.setOptions({ renderMs: 200, progressMode: 'steady' }));

    it('steady: found just after its end, in a handful of polls', async () => {
      const { asked, lateMs } = await follow('steady');
      assert.ok(lateMs >= 0 && lateMs <= 3_000, `${lateMs} ms late`);
      assert.ok(asked.length <= 6, `${asked.length} polls: ${asked.join(', ')}`);
      assert.ok(asked.every((ms) => ms >= 2_000), asked.join(', '));
    });

    it('stall at 90 %: the prediction fails, the polls after it fall on the prior looks', async () => {
      const { asked, seen, lateMs } = await follow('stall90');
      const stalled = seen.findIndex((p, i) => i > 0 && p.progress === 90 && seen[i - 1].progress === 90);
      assert.ok(stalled > 0, 'saw the stall');
      const at = pollInstantsS(asked);
      assert.ok(at.slice(stalled + 1).every((s) => PRIOR_LOOKS_S.includes(Math.round(s))), `polls at ${at.join(', ')} s`);
      assert.ok(lateMs <= 13_000, `${lateMs} ms late`);
      assert.ok(asked.every((ms) => ms >= 2_000), asked.join(', '));
    });

    it('jump from 10 % to 100 %: a 10 % that sits is no pace, the prior looks find it', async () => {
      const { asked, seen, lateMs } = await follow('jump');
      // Out of the queue (the first 12 s) before the first look at 20 s.
      assert.deepEqual([...new Set(seen.map((p) => p.progress))], [10, 100]);
      assertOnPriorLooks(asked);
      assert.ok(lateMs <= 13_000, `${lateMs} ms late`);
      assert.ok(asked.every((ms) => ms >= 2_000), asked.join(', '));
    });

    it('frozen until done, and no progress field: the prior looks, the one at 64 s finding it', async () => {
      for (const mode of ['frozen', 'none'] as const) {
        const { asked, seen } = await follow(mode);
        assertOnPriorLooks(asked);
        assert.equal(asked.length, 4, `${mode}: ${asked.length} polls`);
        if (mode === 'none') assert.ok(seen.slice(0, -1).every((p) => p.progress === undefined));
      }
    });
  });

  it('a failed render is NemoError("render-failed") carrying the reason', async () => {
    for (const shape of ['data', 'top'] as const) {
      emu.setOptions({ pollShape: shape });
      emu.faults.add({ method: 'POST', path: '/api/render/proxy/lambda', fault: { kind: 'renderFail', error: 'encoder crashed' } });
      const id = await submitRender(t, sessionId, SMALL_DRAFT);
      await assert.rejects(waitForRender(t, id, { intervalMs: 20 }), (e) => {
        assert.ok(isNemoError(e));
        assert.equal(e.kind, 'render-failed');
        assert.match(e.message, /encoder crashed/);
        assert.equal(e.details.renderId, id);
        return true;
      });
    }
  });

  it('cancels a job', async () => {
    const id = await submitRender(t, sessionId, SMALL_DRAFT);
    await cancelRender(t, id);
    assert.ok(emu.requests.some((r) => r.method === 'POST' && r.path === `/api/render/proxy/lambda/${id}/cancel`));
    assert.equal((await pollRender(t, id)).status, 'failed');
  });

  it('a rejected duplicate id is retried once with a new id, and only once', async () => {
    // The emulator answers a known id with 409 "render id … already exists"; here the first two
    // submits draw that answer whatever their id, so the test does not race the clock.
    const duplicate = { kind: 'status', status: 409 } as const;
    emu.faults.add({ method: 'POST', path: '/api/render/proxy/lambda', fault: duplicate });
    const id = await submitRender(t, sessionId, SMALL_DRAFT);
    assert.equal(submits().length, 2);
    assert.ok(emu.renders.has(id));

    emu.faults.add({ method: 'POST', path: '/api/render/proxy/lambda', times: 2, fault: duplicate });
    await assert.rejects(submitRender(t, sessionId, SMALL_DRAFT), (e) => isNemoError(e) && e.status === 409);
    assert.equal(submits().length, 4);
  });

  it('never resends the render POST when its answer is lost; the error says it may be running', async () => {
    const faults = [{ kind: 'resetBody', afterBytes: 0 }, { kind: 'reset' }, { kind: 'status', status: 200, body: 'html' }] as const;
    for (const fault of faults) {
      emu.requests.length = 0;
      emu.faults.add({ method: 'POST', path: '/api/render/proxy/lambda', fault });
      await assert.rejects(submitRender(t, sessionId, SMALL_DRAFT), (e) => {
        assert.ok(isNemoError(e), String(e));
        assert.equal(e.details.mayBeRunning, true);
        assert.match(String(e.details.renderId), /^render_\d+$/);
        assert.match(e.message, /may be running/);
        return true;
      });
      assert.equal(submits().length, 1, `${fault.kind}: sent once`);
    }
  });

  it('refuses a raw draft that is not a JSON object, before sending', async () => {
    await assert.rejects(submitRender(t, sessionId, '{"d":1'), (e) => isNemoError(e) && e.kind === 'invalid-input');
    assert.equal(submits().length, 0);
  });
});
