import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { request } from 'undici';
import { rawValueAt } from '../../src/nemo/rawJson';
import { resolveFfmpeg } from './ffmpeg';
import { startEmulator, type Emulator } from './index';
import { ATTRIBUTION, call, frames, signIn, turnBody } from './testHttp';

const PROMPT = "make a 10-second product demo of a smartwatch with upbeat background music and the title 'Tick'";

type Track = { tt: number; sg: { st: number; d: number; m: Record<string, unknown> }[] };
type Draft = { d: number; m: { width: number; height: number; title?: string }; t: Track[] };

describe('emulator', function () {
  let emu: Emulator;
  const baseline = { renderMs: 200, turnDelayMs: 1, heartbeatMs: 50 } as const;

  before(async () => {
    emu = await startEmulator(baseline);
  });
  after(() => emu.close());
  beforeEach(() => {
    emu.reset();
    emu.setOptions({ ...baseline, sseShape: 'nemo', pollShape: 'data', progressMode: 'steady', silentEditShare: 0, creditsShape: 'simple', maxUploadBytes: 500 * 1024 * 1024, outputTtlMs: 3600_000 });
  });

  async function turn(u: { token: string; clientId: string; sessionId: string }, text: string) {
    return call(emu.url, 'POST', '/run_sse', { token: u.token, clientId: u.clientId, accept: 'text/event-stream', body: turnBody(u.sessionId, text) });
  }

  async function state(u: { token: string; clientId: string; sessionId: string }) {
    const res = await call(emu.url, 'GET', `/api/state/nemo_agent/me/${u.sessionId}/latest`, { token: u.token, clientId: u.clientId });
    const rawDraft = rawValueAt(res.text, ['data', 'state', 'draft'])!;
    return { res, rawDraft, draft: JSON.parse(rawDraft) as Draft | null };
  }

  async function renderToCompletion(u: { token: string; clientId: string; sessionId: string }, rawDraft: string, id = `render_${Date.now()}`) {
    const submit = await call(emu.url, 'POST', '/api/render/proxy/lambda', {
      token: u.token,
      clientId: u.clientId,
      bodyText: `{"id":${JSON.stringify(id)},"sessionId":${JSON.stringify(u.sessionId)},"draft":${rawDraft},"output":{"format":"mp4","quality":"high"}}`,
    });
    assert.equal(submit.status, 200, submit.text);
    assert.deepEqual(submit.json(), { success: true, data: { id, status: 'pending', progress: 5 }, error: null });
    const seen: string[] = [];
    const progress: number[] = [];
    let last: Record<string, unknown> = {};
    for (let i = 0; i < 400; i++) {
      last = (await call(emu.url, 'GET', `/api/render/proxy/lambda/${id}`, { token: u.token, clientId: u.clientId })).json();
      const body = (last.data ?? last) as { status: string; progress: number };
      if (seen.at(-1) !== body.status) seen.push(body.status);
      progress.push(body.progress);
      if (body.status === 'completed' || body.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    return { id, seen, last, progress };
  }

  it('runs a whole session: token, session, streamed generation, state, render, MP4 on the second origin', async () => {
    const u = await signIn(emu);
    assert.match(u.token, /^nmv_usr_/);
    assert.match(u.sessionId, /^\d{19}$/);

    const res = await turn(u, PROMPT);
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /text\/event-stream/);
    const f = frames(res.text);
    const events = f.data as { type: string; content?: string; name?: string }[];
    const text = events.filter((e) => e.type === 'text').map((e) => e.content).join('');
    assert.match(text, /smartwatch/);
    assert.match(text, /click the Export button/);
    assert.deepEqual(events.filter((e) => e.type === 'tool_call').map((e) => e.name), ['generate_video', 'add_music', 'add_text']);
    assert.equal(events.filter((e) => e.type === 'tool_result').length, 3);
    assert.ok(events.some((e) => e.type === 'heartbeat'));
    assert.equal(f.emptyData, 1, 'one empty data: event, as the real stream has');

    const { draft, rawDraft } = await state(u);
    assert.ok(draft);
    assert.equal(draft.d, 10_000);
    assert.deepEqual([draft.m.width, draft.m.height], [1920, 1080]);
    assert.deepEqual(draft.t.map((t) => t.tt), [0, 1, 7]);
    assert.equal(draft.t[2].sg[0].m.text, 'Tick');
    const credits = (await call(emu.url, 'GET', '/api/credits/balance/simple', { token: u.token, clientId: u.clientId })).json().data;
    assert.deepEqual(credits, { available: 0, frozen: 0, total: 0 });

    const { id, seen, last, progress } = await renderToCompletion(u, rawDraft);
    assert.deepEqual(progress, [...progress].sort((a, b) => a - b), 'progress only grows');
    assert.equal(progress.at(-1), 100);
    // Timing under load decides which stages a poll catches; the order and the end do not depend on it.
    const order = ['pending', 'processing', 'completed'];
    assert.deepEqual(seen, [...seen].sort((a, b) => order.indexOf(a) - order.indexOf(b)), `stages in order: ${seen}`);
    assert.equal(seen.at(-1), 'completed');
    assert.equal(emu.renders.get(id)?.rawDraft, rawDraft, 'the render keeps the draft bytes as sent');
    const outputUrl = (last.data as { outputUrl: string }).outputUrl;
    assert.ok(outputUrl.startsWith(`${emu.cdnUrl}/o/`), outputUrl);

    const mp4 = await request(outputUrl);
    const bytes = Buffer.from(await mp4.body.arrayBuffer());
    assert.equal(mp4.statusCode, 200);
    assert.equal(bytes.subarray(4, 8).toString('latin1'), 'ftyp');
    const probe = spawnSync(resolveFfmpeg(''), ['-hide_banner', '-i', '-'], { input: bytes, encoding: 'utf8' }).stderr;
    assert.match(probe, /Video: h264/);
    assert.match(probe, /1920x1080/);
    assert.match(probe, /Audio: aac/);
    assert.match(probe, /Duration: 00:00:(09\.[89]|10\.[01])/);
    const cdnRequests = emu.requests.filter((r) => r.origin === 'cdn');
    assert.equal(cdnRequests.length, 1);

    const fallback = await request(`${emu.url}/api/render/proxy/${id}/download`, { headers: { ...ATTRIBUTION, authorization: `Bearer ${u.token}` } });
    assert.equal(Buffer.from(await fallback.body.arrayBuffer()).length, bytes.length);
  });

  it('streams the agent-framework shape: partial chunks, then one final event with the whole text', async () => {
    emu.setOptions({ sseShape: 'adk' });
    const u = await signIn(emu);
    const f = frames((await turn(u, PROMPT)).text);
    type Adk = { partial: boolean; content: { parts: { text?: string; functionCall?: { name: string } }[] } };
    const events = f.data as Adk[];
    const partial = events.filter((e) => e.partial).map((e) => e.content.parts[0].text).join('');
    const finals = events.filter((e) => !e.partial && e.content.parts[0]?.text !== undefined).map((e) => e.content.parts[0].text).join('');
    assert.ok(partial.length > 20);
    assert.equal(finals, partial, 'the final events repeat exactly the partial text');
    assert.ok(events.some((e) => e.content.parts[0]?.functionCall?.name === 'generate_video'));
    assert.ok(f.comments > 0, 'heartbeats are comments in this shape');
  });

  it('edits the draft: bigger title, no music, new title, 9:16, 15 seconds; silent turns change the draft without text', async () => {
    const u = await signIn(emu);
    emu.setCredits(u.userId, 1000);
    await turn(u, PROMPT);
    emu.setOptions({ silentEditShare: 1 });
    const silent = frames((await turn(u, 'make the title bigger')).text).data as { type: string }[];
    assert.equal(silent.filter((e) => e.type === 'text').length, 0);
    assert.ok(silent.some((e) => e.type === 'tool_result'));
    emu.setOptions({ silentEditShare: 0 });
    for (const edit of ['remove the music', 'change the title to "Tock"', 'make it 9:16', 'make it 15 seconds']) await turn(u, edit);
    const { draft } = await state(u);
    assert.ok(draft);
    assert.equal(draft.t.find((t) => t.tt === 7)?.sg[0].m.style, 'title_large');
    assert.equal(draft.t.find((t) => t.tt === 7)?.sg[0].m.text, 'Tock');
    assert.equal(draft.t.some((t) => t.tt === 1), false);
    assert.deepEqual([draft.m.width, draft.m.height, draft.d], [1080, 1920, 15_000]);
    const credits = (await call(emu.url, 'GET', '/api/credits/balance/simple', { token: u.token, clientId: u.clientId })).json().data;
    assert.deepEqual(credits, { available: 1000 - 100 - 5 * 50, frozen: 0, total: 1000 - 100 - 5 * 50 });
  });

  it('refuses turns as JSON, never as a stream: 2001 without credits, 1001 for a bad token, 1002 for an unknown session', async () => {
    const u = await signIn(emu);
    emu.setCredits(u.userId, 40);
    const broke = await turn(u, PROMPT);
    assert.match(String(broke.headers['content-type']), /application\/json/);
    assert.equal(broke.json().code, 2001);
    const bad = await turn({ ...u, token: 'nmv_usr_nope' }, PROMPT);
    assert.equal(bad.json().code, 1001);
    emu.expireToken(u.token);
    assert.equal((await turn(u, PROMPT)).json().code, 1001);
    const v = await signIn(emu);
    assert.equal((await turn({ ...v, sessionId: '1234567890123456789' }, PROMPT)).json().code, 1002);
    assert.equal(emu.store.sessions.get(u.sessionId)?.turns, 0, 'no refused turn started');
  });

  it('limits anonymous tokens like the real service: one per client id and ten per IP in 7 days, until reset', async () => {
    emu.setOptions({ tokensPerClientId: 1, tokensPerIp: 10 });
    const token = (clientId?: string) => call(emu.url, 'POST', '/api/auth/anonymous-token', clientId ? { clientId } : {});
    assert.equal((await token()).status, 400);
    assert.equal((await token('first')).status, 200);
    const again = await token('first');
    assert.equal(again.status, 429, 'a second free token for the same client id');
    assert.ok(Number(again.headers['retry-after']) > 6 * 24 * 3600, 'not for days');
    const others: number[] = [];
    for (let i = 0; i < 10; i++) others.push((await token(`other-${i}`)).status);
    assert.deepEqual(others, [...Array(9).fill(200), 429], 'ten per IP, the first one included');
    // The control API forgets what was given.
    assert.equal((await call(emu.url, 'POST', '/__emulator/token-limits/reset')).status, 200);
    assert.equal((await token('first')).status, 200);
    emu.setOptions({ tokensPerClientId: 0, tokensPerIp: 0 });
    for (let i = 0; i < 12; i++) assert.equal((await token('unlimited')).status, 200);
  });

  it('keeps a planted draft with unknown keys byte-for-byte from state to render, and refuses a duplicate id or missing attribution', async () => {
    const u = await signIn(emu);
    const planted = '{ "d":2000.0, "zz":{"keep":[1,2,3]}, "m":{"width":640,"height":360,"x":"é\\u00e9"},\n "t":[{"tt":0,"sg":[{"st":0,"d":2000,"m":{"name":"a"},"q":null}]},{"tt":42,"sg":[]},{"tt":7,"sg":[{"st":0,"d":1000,"m":{"text":"%{pts} \' : \\\\ ;"}}]}] }';
    emu.setDraft(u.sessionId, planted);
    const { rawDraft } = await state(u);
    assert.equal(rawDraft, planted);
    const { id, last } = await renderToCompletion(u, rawDraft, 'render_planted');
    assert.equal((last.data as { status: string }).status, 'completed');
    assert.equal(emu.renders.get(id)?.rawDraft, planted);
    const again = await call(emu.url, 'POST', '/api/render/proxy/lambda', { token: u.token, body: { id, sessionId: u.sessionId, draft: JSON.parse(planted) } });
    assert.equal(again.status, 409);
    const res = await request(`${emu.url}/api/render/proxy/lambda`, {
      method: 'POST',
      headers: { authorization: `Bearer ${u.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'render_2', sessionId: u.sessionId, draft: JSON.parse(planted) }),
    });
    assert.equal(res.statusCode, 402);
    await res.body.dump();
  });

  for (const shape of ['top', 'task'] as const) {
    it(`answers render polls in the ${shape} shape with success:true beside the fields`, async () => {
      emu.setOptions({ pollShape: shape });
      const u = await signIn(emu);
      await turn(u, 'make a 2-second square teaser');
      const { rawDraft } = await state(u);
      const { last } = await renderToCompletion(u, rawDraft);
      assert.equal(last.success, true);
      assert.equal(last.data, undefined);
      assert.equal(last.status, 'completed');
      assert.match((last.output as { url: string }).url, /^http:\/\/127\.0\.0\.1:\d+\/o\//);
      if (shape === 'task') {
        assert.ok(String(last.taskId).startsWith('render_'));
        assert.equal((last.output as { duration: number }).duration, 2);
      }
    });
  }

  it('uploads multipart files streamed and URLs, and refuses bad types (4001) and big files (4002)', async () => {
    const u = await signIn(emu);
    const boundary = 'XbOuNdArY';
    const part = (name: string, content: string) => `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n`;
    const upload = (body: string) =>
      call(emu.url, 'POST', `/api/upload-video/nemo_agent/me/${u.sessionId}`, { token: u.token, bodyText: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    const ok = await upload(part('clip.mp4', 'x'.repeat(1000)) + part('song.MP3', 'y') + `--${boundary}--\r\n`);
    const files = (ok.json().data as { files: { filename: string; file_type: string }[]; session_state_applied: boolean }).files;
    assert.deepEqual(files.map((f) => [f.filename, f.file_type]), [['clip.mp4', 'video'], ['song.MP3', 'audio']]);
    assert.equal((await upload(part('setup.exe', 'MZ') + `--${boundary}--\r\n`)).json().code, 4001);
    emu.setOptions({ maxUploadBytes: 100 });
    assert.equal((await upload(part('big.mov', 'z'.repeat(101)) + `--${boundary}--\r\n`)).json().code, 4002);
    const byUrl = await call(emu.url, 'POST', `/api/upload-video/nemo_agent/me/${u.sessionId}`, { token: u.token, body: { urls: ['https://example.com/a/photo.webp'], source_type: 'url' } });
    assert.equal((byUrl.json().data as { files: { file_type: string }[] }).files[0].file_type, 'image');
    const infos = (JSON.parse((await state(u)).res.text).data.state.video_infos as { filename: string }[]).map((f) => f.filename);
    assert.deepEqual(infos, ['clip.mp4', 'song.MP3', 'photo.webp']);
  });

  describe('faults', () => {
    it('answers envelope codes and bare statuses (HTML, Retry-After) once, then normally', async () => {
      const u = await signIn(emu);
      emu.faults.add({ method: 'GET', path: '/api/credits/balance/simple', fault: { kind: 'envelope', code: 1002, status: 200 } });
      emu.faults.add({ method: 'GET', path: '/api/credits/balance/simple', fault: { kind: 'status', status: 502, body: 'html' } });
      emu.faults.add({ method: 'GET', path: /^\/api\/credits\//, fault: { kind: 'status', status: 429, retryAfter: 7, body: 'empty' } });
      const get = () => call(emu.url, 'GET', '/api/credits/balance/simple', { token: u.token });
      const a = await get();
      assert.deepEqual([a.status, a.json().code], [200, 1002]);
      const b = await get();
      assert.equal(b.status, 502);
      assert.match(b.text, /<html>/);
      const c = await get();
      assert.deepEqual([c.status, c.headers['retry-after'], c.text], [429, '7', '']);
      assert.equal((await get()).json().code, 0);
    });

    it('resets a stream after N events, and the turn still lands in the state', async () => {
      const u = await signIn(emu);
      emu.faults.add({ path: '/run_sse', fault: { kind: 'resetStream', afterEvents: 3 } });
      await assert.rejects(turn(u, PROMPT));
      await emu.waitFor(() => emu.store.sessions.get(u.sessionId)?.draftJson !== undefined);
      assert.equal(emu.requests.filter((r) => r.path === '/run_sse').length, 1);
    });

    it('fails a turn inside the stream in either shape: an error event, the stream closes, nothing changes or is charged', async () => {
      for (const shape of ['nemo', 'adk'] as const) {
        emu.setOptions({ sseShape: shape });
        const u = await signIn(emu);
        const user = emu.store.users.get(u.userId);
        emu.faults.add({ path: '/run_sse', fault: { kind: 'streamError', afterEvents: 2, message: 'model overloaded' } });
        const f = frames((await turn(u, PROMPT)).text);
        const last = f.data.at(-1) as Record<string, unknown>;
        if (shape === 'nemo') assert.deepEqual(last, { error: 'model overloaded' });
        else assert.deepEqual([last.errorCode, last.errorMessage], ['INTERNAL_ERROR', 'model overloaded']);
        assert.equal(f.data.filter((d) => JSON.stringify(d).includes('model overloaded')).length, 1);
        const session = emu.store.sessions.get(u.sessionId);
        await emu.waitFor(() => session?.runningTurns === 0);
        assert.equal(session?.draftJson, undefined, 'the failed turn changed nothing');
        assert.deepEqual([user?.consumed, user?.frozen], [0, 0], 'and cost nothing');
      }
    });

    it('sends only keep-alive comments during a silent phase, then the turn', async () => {
      const u = await signIn(emu);
      emu.faults.add({ path: '/run_sse', fault: { kind: 'silentStream', ms: 200, then: 'continue' } });
      const f = frames((await turn(u, PROMPT)).text);
      assert.ok(f.comments >= 2);
      assert.ok(f.data.length > 10);
    });

    it('delays headers, and closes a silent stream when told to (the turn still lands)', async () => {
      const u = await signIn(emu);
      emu.faults.add({ path: '/api/credits/balance/simple', fault: { kind: 'slowHeaders', ms: 150 } });
      const started = Date.now();
      assert.equal((await call(emu.url, 'GET', '/api/credits/balance/simple', { token: u.token })).json().code, 0);
      assert.ok(Date.now() - started >= 140);
      emu.faults.add({ path: '/run_sse', fault: { kind: 'silentStream', ms: 100, then: 'close' } });
      const f = frames((await turn(u, PROMPT)).text);
      assert.deepEqual([f.data.length > 0, f.comments > 0], [false, true]);
      await emu.waitFor(() => emu.store.sessions.get(u.sessionId)?.draftJson !== undefined);
    });

    it('cuts a CDN download after N bytes and truncates a body against its Content-Length', async () => {
      const u = await signIn(emu);
      await turn(u, 'make a 2-second square teaser');
      const { last } = await renderToCompletion(u, (await state(u)).rawDraft);
      const url = (last.data as { outputUrl: string }).outputUrl;
      emu.faults.add({ origin: 'cdn', path: new URL(url).pathname, fault: { kind: 'resetBody', afterBytes: 1000 } });
      emu.faults.add({ origin: 'cdn', path: /^\/o\//, fault: { kind: 'truncate' } });
      for (let i = 0; i < 2; i++) {
        const res = await request(url);
        assert.equal(res.statusCode, 200);
        await assert.rejects(res.body.arrayBuffer());
      }
      assert.equal((await request(url)).statusCode, 200);
      emu.setOptions({ outputTtlMs: 0 });
      await emu.waitFor(() => Date.now() > emu.renders.get(new URL(url).pathname.split('/').pop()!.replace('.mp4', ''))!.completedAt!);
      const expired = await request(url);
      assert.equal(expired.statusCode, 403, 'an output URL expires');
      await expired.body.dump();
    });

    it('fails a render with the error a fault gives; resets before answering; works over the HTTP control API', async () => {
      const u = await signIn(emu);
      await turn(u, 'make a 2-second square teaser');
      const control = await call(emu.url, 'POST', '/__emulator/faults', { body: { method: 'POST', path: '/api/render/proxy/lambda', fault: { kind: 'renderFail', error: 'encoder crashed' } } });
      assert.equal(control.status, 200);
      const { last } = await renderToCompletion(u, (await state(u)).rawDraft);
      assert.deepEqual([(last.data as { status: string }).status, (last.data as { error: string }).error], ['failed', 'encoder crashed']);
      emu.faults.add({ path: '/api/credits/balance/simple', fault: { kind: 'reset' } });
      await assert.rejects(call(emu.url, 'GET', '/api/credits/balance/simple', { token: u.token }));
      assert.equal(emu.requests.some((r) => r.path.startsWith('/__emulator')), false, 'control calls are not recorded');
    });
  });

  it('asks first, then takes the answer as the next message of the same session; the control API lists what each session received', async () => {
    const u = await signIn(emu);
    const asked = frames((await turn(u, 'make a 4-second teaser, ask me first')).text);
    assert.match(JSON.stringify(asked.data), /"ask_question"/);
    assert.equal((await state(u)).draft, null, 'nothing made before the answer');
    const answer = '1. Which style?: Playful\n2. What should I add?: A title';
    await turn(u, answer);
    assert.equal((await state(u)).draft?.t.find((t) => t.tt === 7)?.sg[0].m.text, 'Playful');
    const listed = (await call(emu.url, 'GET', '/__emulator/sessions')).json().sessions as { id: string; messages: string[] }[];
    assert.deepEqual(listed.map((s) => [s.id, s.messages]), [[u.sessionId, ['make a 4-second teaser, ask me first', answer]]]);
  });

  it('freezes the credits of a turn while it runs and reports the granted/consumed variant', async () => {
    emu.setOptions({ turnDelayMs: 20, creditsShape: 'granted' });
    const u = await signIn(emu);
    const running = turn(u, PROMPT);
    await emu.waitFor(() => emu.store.sessions.get(u.sessionId)?.runningTurns === 1);
    const during = (await call(emu.url, 'GET', '/api/credits/balance/simple', { token: u.token })).json().data;
    assert.deepEqual(during, { available: 0, frozen: 100, total_granted: 100, total_consumed: 0 });
    await running;
    const after = (await call(emu.url, 'GET', '/api/credits/balance/simple', { token: u.token })).json().data;
    assert.deepEqual(after, { available: 0, frozen: 0, total_granted: 100, total_consumed: 100 });
  });

  it('cancels a running render: it ends failed and never gets an output', async () => {
    emu.setOptions({ renderMs: 5000 });
    const u = await signIn(emu);
    await turn(u, 'make a 2-second square teaser');
    const { rawDraft } = await state(u);
    await call(emu.url, 'POST', '/api/render/proxy/lambda', { token: u.token, bodyText: `{"id":"render_c","sessionId":"${u.sessionId}","draft":${rawDraft}}` });
    const cancel = await call(emu.url, 'POST', '/api/render/proxy/lambda/render_c/cancel', { token: u.token });
    assert.deepEqual(cancel.json(), { success: true, data: { id: 'render_c', status: 'failed' }, error: null });
    const poll = (await call(emu.url, 'GET', '/api/render/proxy/lambda/render_c', { token: u.token })).json().data as Record<string, unknown>;
    assert.deepEqual([poll.status, poll.error, poll.outputUrl], ['failed', 'cancelled', null]);
  });

  it('reports progress in each progress mode (set over the control API), and fast-forwards renders', async () => {
    const u = await signIn(emu);
    await turn(u, 'make a 2-second square teaser');
    const { rawDraft } = await state(u);
    const expected: Record<string, (number | undefined)[]> = {
      // at 10 %, 40 %, 70 % and 95 % of a 100 s render
      steady: [5, 40, 70, 95],
      stall90: [5, 60, 90, 90],
      jump: [5, 10, 10, 10],
      frozen: [0, 0, 0, 0],
      none: [undefined, undefined, undefined, undefined],
    };
    for (const [mode, figures] of Object.entries(expected)) {
      assert.equal((await call(emu.url, 'POST', '/__emulator/options', { body: { progressMode: mode, renderMs: 100_000 } })).status, 200);
      const id = `render_${mode}`;
      await call(emu.url, 'POST', '/api/render/proxy/lambda', { token: u.token, bodyText: `{"id":"${id}","sessionId":"${u.sessionId}","draft":${rawDraft}}` });
      await emu.waitFor(() => emu.renders.get(id)?.file !== undefined, 60_000);
      const seen: (number | undefined)[] = [];
      let elapsed = Date.now() - emu.renders.get(id)!.createdAt;
      for (const at of [10_000, 40_000, 70_000, 95_000]) {
        const ff = await call(emu.url, 'POST', '/__emulator/renders/fast-forward', { body: { ms: at - elapsed } });
        assert.equal(ff.status, 200);
        elapsed = at;
        const data = (await call(emu.url, 'GET', `/api/render/proxy/lambda/${id}`, { token: u.token })).json().data as Record<string, unknown>;
        assert.equal(data.status, at < 20_000 ? 'pending' : 'processing', `${mode} at ${at}`);
        seen.push(data.progress as number | undefined);
        if (mode === 'none') assert.equal('progress' in data, false);
      }
      assert.deepEqual(seen, figures, mode);
      await call(emu.url, 'POST', '/__emulator/renders/fast-forward', { body: { ms: 5_000 } });
      const done = (await call(emu.url, 'GET', `/api/render/proxy/lambda/${id}`, { token: u.token })).json().data as Record<string, unknown>;
      assert.deepEqual([done.status, done.progress], ['completed', 100], mode);
    }
    assert.equal((await call(emu.url, 'POST', '/__emulator/options', { body: { progressMode: 'random' } })).status, 400);
    assert.equal((await call(emu.url, 'POST', '/__emulator/renders/fast-forward', { body: { ms: -1 } })).status, 400);
  });

  it('takes options over the HTTP control API and refuses unknown ones', async () => {
    const ok = await call(emu.url, 'POST', '/__emulator/options', { body: { sseShape: 'adk', pollShape: 'task' } });
    assert.equal(ok.status, 200);
    assert.deepEqual([emu.options.sseShape, emu.options.pollShape], ['adk', 'task']);
    assert.equal((await call(emu.url, 'POST', '/__emulator/options', { body: { sseShape: 'xml' } })).status, 400);
    assert.equal((await call(emu.url, 'POST', '/__emulator/options', { body: { nope: 1 } })).status, 400);
    const token = (await call(emu.url, 'POST', '/__emulator/tokens', { body: { clientId: 'ctl' } })).json() as { token: string };
    assert.equal((await call(emu.url, 'GET', '/api/credits/balance/simple', { token: token.token })).json().code, 0);
  });

  it('streams a bulk turn of the requested size for the benchmark', async () => {
    const u = await signIn(emu);
    emu.queueBulkStream(256 * 1024);
    const res = await turn(u, 'anything');
    assert.ok(Buffer.byteLength(res.text) >= 256 * 1024);
    const events = frames(res.text).data as { type: string }[];
    assert.ok(events.some((e) => e.type === 'tool_call'));
    assert.ok(events.filter((e) => e.type === 'text').length > 1000);
  });
});
