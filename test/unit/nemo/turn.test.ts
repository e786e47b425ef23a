import assert from 'node:assert/strict';
import type { NemoError } from '../../../src/nemo/errors';
import type { NemoClient } from '../../../src/nemo/client';
import { defaultSleep } from '../../../src/nemo/transport';
import type { TurnEvent } from '../../../src/nemo/turnEvents';
import { GENERATION_COST, startEmulator, type Emulator } from '../../emulator';
import { makeClient, type TestKit } from '../../support/client';
import { MemoryIdStore } from '../../support/stores';
import { startTcpProxy } from '../../support/tcpProxy';
import { nemoFailure } from '../../support/assertions';
import { drawable } from '../../../src/draft';

const PROMPT = "make a 10-second product demo of a smartwatch with upbeat background music and the title 'Tick'";
const EXPECTED_TEXT =
  // Two whole messages (before and after the tools): two paragraphs.
  "Sure! I'll create a 10-second 16:9 video: product demo of a smartwatch, titled 'Tick'.\n\nYour video is ready on the timeline. Preview it in the timeline, and click the Export button when you're happy with it.";
const RUN_SSE = '/run_sse';

describe('turns against the emulator', () => {
  let emu: Emulator;
  let client: NemoClient & { kit: TestKit };
  let sessionId: string;
  before(async () => (emu = await startEmulator({ turnDelayMs: 1, heartbeatMs: 50, startingCredits: 10_000 })));
  after(() => emu.close());
  beforeEach(async () => {
    emu.reset();
    emu.setOptions({ sseShape: 'nemo', silentEditShare: 0, turnDelayMs: 1, heartbeatMs: 50 });
    client = makeClient(emu);
    ({ sessionId } = await client.createSession());
  });

  /** Another client of the same installation (same token and client id), with other options. */
  const reclient = (o: Parameters<typeof makeClient>[1]) => makeClient(emu, { tokens: client.kit.tokens, clientIds: client.kit.clientIds, ...o });
  const runSseCount = () => emu.requests.filter((r) => r.path === RUN_SSE).length;
  const stateReads = () => emu.requests.filter((r) => r.path.startsWith('/api/state/')).length;

  it('keeps the session id a string (a long digit string beyond a double)', async () => {
    assert.equal(typeof sessionId, 'string');
    assert.match(sessionId, /^\d{17,}$/);
    const state = await client.getState(sessionId);
    assert.equal(state.sessionId, sessionId);
    const body = emu.requests.find((r) => r.path === '/api/tasks/me/with-session/nemo_agent');
    assert.ok(body);
  });

  for (const shape of ['nemo', 'adk'] as const) {
    it(`a whole turn in the ${shape} stream shape: text once, tools, before/after state, changes`, async () => {
      emu.setOptions({ sseShape: shape });
      const seen: TurnEvent[] = [];
      const out = await client.runTurn(sessionId, PROMPT, { onEvent: (e) => seen.push(e), withCredits: true });
      assert.equal(out.creditsBefore?.available, 10_000);
      assert.equal(out.creditsAfter?.available, 10_000 - GENERATION_COST);
      assert.equal(out.text, EXPECTED_TEXT);
      assert.deepEqual(out.toolCalls.map((c) => c.name), ['generate_video', 'add_music', 'add_text']);
      assert.equal(seen.at(-1)?.type, 'end');
      assert.equal(seen.filter((e) => e.type === 'end').length, 1);
      assert.equal(out.silent, false);
      assert.equal(out.broken, undefined);
      assert.equal(out.stateBefore.rawDraft, undefined);
      assert.ok(out.stateAfter?.rawDraft);
      assert.ok(out.changes.some((c) => c.kind === 'track-added'));
      assert.equal(runSseCount(), 1);
      const sent = emu.requests.find((r) => r.path === RUN_SSE);
      assert.equal(sent?.headers.accept, 'text/event-stream');
      for (const r of emu.requests) {
        assert.equal(r.headers['x-skill-source'], 'ai-free-generator', r.path);
        assert.equal(r.headers['x-skill-platform'], 'cli', r.path);
        assert.equal(r.headers.authorization === undefined, r.path === '/api/auth/anonymous-token', r.path);
      }
    });
  }

  it('sends the contract body with the session id as a string', async () => {
    const turn = client.sendMessage(sessionId, 'hello there');
    const events: TurnEvent[] = [];
    for await (const e of turn) events.push(e);
    assert.equal(events.at(-1)?.type, 'end');
    // The emulator answers 1002 for an unknown session id: a number or a rounded id would not match.
    assert.ok(events.some((e) => e.type === 'text'));
  });

  it('a silent turn: no text, the change in the draft is described', async () => {
    await client.runTurn(sessionId, PROMPT);
    emu.setOptions({ silentEditShare: 1 });
    const out = await client.runTurn(sessionId, 'make the title bigger');
    assert.equal(out.silent, true);
    assert.equal(out.text, '');
    assert.ok(out.changes.length > 0);
    assert.ok(out.changeDescription.length > 0);
    assert.equal(out.toolCalls.length, 1);
  });

  it('a stream with only keep-alives survives far past its idle timeout; "still working" is said meanwhile', async () => {
    client = reclient({ streamTiming: { socketIdleMs: 1000 }, stillWorkingMs: 300 });
    emu.setOptions({ heartbeatMs: 100 });
    emu.faults.add({ path: RUN_SSE, fault: { kind: 'silentStream', ms: 2600, then: 'continue' } });
    const still: number[] = [];
    const out = await client.runTurn(sessionId, PROMPT, { onStillWorking: (ms) => still.push(ms) });
    assert.equal(out.broken, undefined);
    assert.equal(out.text, EXPECTED_TEXT);
    assert.ok(still.length >= 3, `still working said ${still.length} times`);
    assert.ok(still.every((ms, i) => i === 0 || ms > still[i - 1]));
  });

  it('a stream that goes fully quiet breaks at the idle timeout and is not resent', async () => {
    client = reclient({ streamTiming: { socketIdleMs: 500 }, sleep: defaultSleep, pollIntervalMs: 10 });
    emu.setOptions({ heartbeatMs: 60_000, turnDelayMs: 4000 });
    const out = await client.runTurn(sessionId, PROMPT);
    assert.equal(out.broken?.kind, 'timeout');
    assert.equal(runSseCount(), 1);
  });

  it('reset mid-stream: never a second run_sse; the state is polled and the change reported', async () => {
    // Each poll waits until the emulator has finished the turn server-side (a condition, not a
    // guess about timing), so the first poll sees the change and the next five see nothing new.
    // No poll-interval option: each wait asked for is the production 30 s.
    const turnLanded = () => emu.store.sessions.get(sessionId)?.runningTurns === 0;
    const waits: number[] = [];
    client = reclient({ sleep: (ms) => (waits.push(ms), emu.waitFor(turnLanded)), pollIntervalMs: undefined });
    emu.setOptions({ turnDelayMs: 5 });
    emu.faults.add({ path: RUN_SSE, fault: { kind: 'resetStream', afterEvents: 2 } });
    const reported: number[] = [];
    let brokenSeen: NemoError | undefined;
    const out = await client.runTurn(sessionId, PROMPT, {
      onBroken: (e) => (brokenSeen = e),
      onChange: (changes) => reported.push(changes.length),
    });
    assert.equal(runSseCount(), 1);
    assert.ok(out.broken);
    assert.equal(brokenSeen, out.broken);
    assert.equal(out.broken.didNothing, false);
    assert.equal(reported.length, 1, 'polling reported the change once');
    assert.ok(reported.every((n) => n > 0));
    assert.ok(out.changes.some((c) => c.kind === 'track-added'));
    assert.ok(out.stateAfter?.rawDraft);
    // 1 read before the turn, then polls until 5 in a row saw nothing new.
    const polls = stateReads() - 1;
    assert.equal(polls, 1 + 5, `polled ${polls} times`);
    assert.deepEqual(waits, Array(6).fill(30_000));
  });

  for (const shape of ['nemo', 'adk'] as const) {
    it(`an error inside the ${shape} stream is reported, not resent; the turn is not broken and the state is read after`, async () => {
      emu.setOptions({ sseShape: shape });
      emu.faults.add({ path: RUN_SSE, fault: { kind: 'streamError', afterEvents: 2, message: 'model overloaded' } });
      const seen: TurnEvent[] = [];
      const out = await client.runTurn(sessionId, PROMPT, { onEvent: (e) => seen.push(e) });
      assert.deepEqual(out.streamErrors, ['model overloaded']);
      assert.ok(seen.some((e) => e.type === 'error' && e.message === 'model overloaded'));
      assert.equal(out.broken, undefined);
      assert.equal(runSseCount(), 1);
      assert.deepEqual(out.changes, [], 'the failed turn changed nothing');
      assert.ok(out.stateAfter);
    });
  }

  it('the 15-minute cap (shortened) ends a turn that keeps only sending keep-alives, without resending', async () => {
    client = reclient({ streamTiming: { maxTurnMs: 400, socketIdleMs: 5000 }, sleep: defaultSleep, pollIntervalMs: 10 });
    emu.faults.add({ path: RUN_SSE, fault: { kind: 'silentStream', ms: 3000, then: 'close' } });
    const out = await client.runTurn(sessionId, PROMPT);
    assert.equal(out.broken?.kind, 'timeout');
    assert.equal(out.broken?.message, 'The reply took longer than 1 second and was stopped.', 'the limit in words (seconds under a minute)');
    assert.equal(runSseCount(), 1);
  });

  it('a JSON error instead of a stream: the turn never started (2001), nothing is resent', async () => {
    emu.faults.add({ path: RUN_SSE, fault: { kind: 'envelope', code: 2001 } });
    const e = await nemoFailure(client.runTurn(sessionId, PROMPT));
    assert.equal(e.kind, 'out-of-credits');
    assert.equal(e.didNothing, true);
    assert.ok(e.details.anonymousUserId);
    assert.equal(runSseCount(), 1);
  });

  it('1001 answered instead of a stream: new token, the message sent once more (it did nothing)', async () => {
    await client.getCredits();
    emu.expireToken(client.kit.tokens.byBase.get(client.baseUrl)?.token ?? '');
    emu.faults.add({ path: RUN_SSE, fault: { kind: 'envelope', code: 1001, status: 401 } });
    const events: TurnEvent[] = [];
    for await (const e of client.sendMessage(sessionId, 'hello there')) events.push(e);
    assert.equal(runSseCount(), 2);
    assert.equal(events.at(-1)?.type, 'end');
  });

  it('429 answered instead of a stream: waits 30 s (asked of sleep) and sends once more', async () => {
    emu.faults.add({ path: RUN_SSE, fault: { kind: 'status', status: 429 } });
    const out = await client.runTurn(sessionId, 'hello there');
    assert.ok(out.text.length > 0);
    assert.deepEqual(client.kit.sleeper.delays, [30_000]);
    assert.equal(runSseCount(), 2);
  });

  it('a 5xx instead of a stream is not resent: the message may have started, so the state is polled', async () => {
    emu.faults.add({ path: RUN_SSE, fault: { kind: 'status', status: 503, body: 'html' } });
    const out = await client.runTurn(sessionId, 'hello there');
    assert.equal(out.broken?.kind, 'server');
    assert.equal(out.broken?.details.interruption, 'server-error');
    assert.equal(runSseCount(), 1);
    assert.ok(stateReads() > 1, 'polled after the 5xx');
  });

  describe('a lost session (1002)', () => {
    it('an edit of the lost timeline is not resent: new session, onSessionLost, an error naming both', async () => {
      const store = new MemoryIdStore(sessionId);
      const lost: Array<[string, string]> = [];
      const keeper = client.sessionKeeper(store, (o, n) => lost.push([o, n]));
      emu.faults.add({ path: RUN_SSE, fault: { kind: 'envelope', code: 1002 } });
      const e = await nemoFailure(client.runTurn(keeper, 'make the title bigger', { safeToRetryOnLostSession: false }));
      assert.equal(e.kind, 'session-lost');
      assert.equal(lost.length, 1);
      assert.equal(lost[0][0], sessionId);
      assert.equal(e.details.newSessionId, lost[0][1]);
      assert.equal(store.id, lost[0][1]);
      assert.equal(runSseCount(), 1);
    });

    it('a new generation is sent again in the new session', async () => {
      const store = new MemoryIdStore('424242424242424242424242');
      const lost: Array<[string, string]> = [];
      const keeper = client.sessionKeeper(store, (o, n) => lost.push([o, n]));
      const out = await client.runTurn(keeper, PROMPT, { safeToRetryOnLostSession: true });
      assert.deepEqual(lost, [['424242424242424242424242', store.id]]);
      assert.equal(out.sessionId, store.id);
      assert.equal(out.text, EXPECTED_TEXT);
      assert.equal(runSseCount(), 1); // the lost session failed at the state read, before any send
    });

    it('creates a session on demand and reuses it', async () => {
      const store = new MemoryIdStore();
      const keeper = client.sessionKeeper(store);
      const [a, b] = await Promise.all([keeper.current(), keeper.current()]);
      assert.equal(a, b);
      assert.equal(store.id, a);
      assert.equal(await keeper.current(), a);
    });
  });

  describe('the iterator contract (by hand, as a generator would answer)', () => {
    type Step = IteratorResult<TurnEvent, undefined>;
    const stepsOf = (turn: AsyncIterable<TurnEvent>) => turn[Symbol.asyncIterator]() as AsyncIterator<TurnEvent, undefined>;
    const drain = async (turn: AsyncIterable<TurnEvent>) => {
      const events: TurnEvent[] = [];
      for await (const e of turn) events.push(e);
      return events;
    };
    /** The events with the emulator's running media counter (gen_17, gen_18...) taken out, to compare two turns. */
    const comparable = (events: readonly TurnEvent[]) => JSON.parse(JSON.stringify(events).replace(/gen_\d+/g, 'gen_N')) as unknown;

    it('no request is sent until the first next()', async () => {
      const it = stepsOf(client.sendMessage(sessionId, PROMPT));
      await client.getCredits(); // a whole round trip to the emulator after the iterator exists
      assert.equal(runSseCount(), 0);
      const first = it.next();
      await emu.waitFor(() => runSseCount() === 1);
      assert.equal((await first).done, false);
      await it.return?.();
    });

    it('return() before any next() sends nothing, and every next() after it answers done', async () => {
      const it = stepsOf(client.sendMessage(sessionId, PROMPT));
      assert.deepEqual(await it.return?.(), { done: true, value: undefined });
      assert.deepEqual(await it.next(), { done: true, value: undefined });
      await client.getCredits();
      assert.equal(runSseCount(), 0);
    });

    it('a turn is iterated only once: a second iterator is refused, not a second request', async () => {
      const turn = client.sendMessage(sessionId, 'hello there');
      const events = await drain(turn);
      assert.equal(events.at(-1)?.type, 'end');
      assert.throws(() => turn[Symbol.asyncIterator](), /only once/);
      assert.equal(runSseCount(), 1);
    });

    it('a break out of for-await closes the connection: no error, one run_sse, the agent still working', async () => {
      const proxy = await startTcpProxy(emu.url);
      try {
        const viaProxy = makeClient(proxy, { tokens: client.kit.tokens, clientIds: client.kit.clientIds });
        emu.setOptions({ turnDelayMs: 300 });
        await viaProxy.getCredits(); // connection pooled and warm
        const events: TurnEvent[] = [];
        for await (const ev of viaProxy.sendMessage(sessionId, PROMPT)) {
          events.push(ev);
          if (ev.type === 'text') break;
        }
        assert.equal(events.at(-1)?.type, 'text');
        await emu.waitFor(() => proxy.closed >= 1, 2000);
        assert.equal(emu.store.sessions.get(sessionId)?.runningTurns, 1, 'the socket closed while the agent was still working');
        assert.equal(runSseCount(), 1);
      } finally {
        await proxy.close();
      }
    });

    it('concurrent next() calls are served in call order: the same events as a sequential run, none lost or doubled', async () => {
      emu.setOptions({ heartbeatMs: 60_000 }); // only the agent's own heartbeats: the same in both runs
      const { sessionId: other } = await client.createSession();
      const sequential = await drain(client.sendMessage(other, PROMPT));
      assert.equal(sequential.at(-1)?.type, 'end');
      assert.ok(sequential.length > 10, `${sequential.length} events`);

      // Every call at once, more than there are events: calls wait behind the network read and
      // behind each other, and the surplus answers done.
      const all = stepsOf(client.sendMessage(sessionId, PROMPT));
      const steps = await Promise.all(Array.from({ length: sequential.length + 5 }, () => all.next()));
      const firstDone = steps.findIndex((s) => s.done);
      assert.equal(firstDone, sequential.length);
      assert.ok(steps.slice(firstDone).every((s) => s.done && s.value === undefined));
      assert.deepEqual(comparable(steps.slice(0, firstDone).map((s) => s.value as TurnEvent)), comparable(sequential));

      // In pairs: each pair starts after the previous pair settled.
      const { sessionId: third } = await client.createSession();
      const paired = stepsOf(client.sendMessage(third, PROMPT));
      const events: TurnEvent[] = [];
      for (;;) {
        const pair: Step[] = await Promise.all([paired.next(), paired.next()]);
        for (const s of pair) if (!s.done) events.push(s.value);
        if (pair.some((s) => s.done)) {
          assert.ok(pair[1].done, 'no event after done');
          break;
        }
      }
      assert.deepEqual(comparable(events), comparable(sequential));
      assert.equal(runSseCount(), 3);
    });

    it('next() after the end answers done, and so does return(); nothing is sent again', async () => {
      const it = stepsOf(client.sendMessage(sessionId, 'hello there'));
      let last: Step;
      do last = await it.next();
      while (!last.done);
      assert.deepEqual(await it.next(), { done: true, value: undefined });
      assert.deepEqual(await it.next(), { done: true, value: undefined });
      assert.deepEqual(await it.return?.(), { done: true, value: undefined });
      assert.deepEqual(await it.next(), { done: true, value: undefined });
      assert.equal(runSseCount(), 1);
    });

    it('a reset mid-stream throws once; every next() after it answers done and nothing is resent', async () => {
      emu.faults.add({ path: RUN_SSE, fault: { kind: 'resetStream', afterEvents: 2 } });
      const it = stepsOf(client.sendMessage(sessionId, PROMPT));
      const seen: TurnEvent[] = [];
      const e = await nemoFailure(
        (async () => {
          for (;;) {
            const s = await it.next();
            if (s.done) return;
            seen.push(s.value);
          }
        })(),
      );
      assert.equal(e.kind, 'stream');
      assert.ok(seen.length >= 1);
      assert.equal(seen.filter((x) => x.type === 'end').length, 0);
      assert.deepEqual(await it.next(), { done: true, value: undefined });
      assert.deepEqual(await it.next(), { done: true, value: undefined });
      assert.equal(runSseCount(), 1);
    });

    it('a refusal instead of a stream: the first call throws, the calls queued behind it answer done', async () => {
      emu.faults.add({ path: RUN_SSE, fault: { kind: 'envelope', code: 2001 } });
      const it = stepsOf(client.sendMessage(sessionId, PROMPT));
      const [a, b, c] = [it.next(), it.next(), it.next()];
      const e = await nemoFailure(a);
      assert.equal(e.kind, 'out-of-credits');
      assert.deepEqual(await b, { done: true, value: undefined });
      assert.deepEqual(await c, { done: true, value: undefined });
      assert.deepEqual(await it.next(), { done: true, value: undefined });
      assert.equal(runSseCount(), 1);
    });

    it('return() queued behind a pending next() runs in its turn: the next() after it answers done, the request is cancelled', async () => {
      const proxy = await startTcpProxy(emu.url);
      try {
        const viaProxy = makeClient(proxy, { tokens: client.kit.tokens, clientIds: client.kit.clientIds });
        emu.setOptions({ turnDelayMs: 300 });
        await viaProxy.getCredits();
        const it = stepsOf(viaProxy.sendMessage(sessionId, PROMPT));
        const a = it.next();
        const r = it.return?.();
        const b = it.next();
        assert.equal((await a).done, false);
        assert.deepEqual(await r, { done: true, value: undefined });
        assert.deepEqual(await b, { done: true, value: undefined });
        await emu.waitFor(() => proxy.closed >= 1, 2000);
        assert.equal(runSseCount(), 1);
      } finally {
        await proxy.close();
      }
    });
  });

  describe('cancellation', () => {
    it('aborting mid-turn closes the socket at once; the iteration ends with an aborted error', async () => {
      const proxy = await startTcpProxy(emu.url);
      try {
        const viaProxy = makeClient(proxy, { tokens: client.kit.tokens, clientIds: client.kit.clientIds });
        emu.setOptions({ turnDelayMs: 300 });
        await viaProxy.getCredits(); // connection pooled and warm
        const ac = new AbortController();
        const events: TurnEvent[] = [];
        const e = await nemoFailure(
          (async () => {
            for await (const ev of viaProxy.sendMessage(sessionId, PROMPT, { signal: ac.signal })) {
              events.push(ev);
              if (ev.type === 'text') ac.abort();
            }
          })(),
        );
        assert.equal(e.kind, 'aborted');
        await emu.waitFor(() => proxy.closed >= 1, 2000);
        assert.equal(emu.store.sessions.get(sessionId)?.runningTurns, 1, 'the socket closed while the agent was still working');
        assert.equal(events.filter((x) => x.type === 'end').length, 0);
      } finally {
        await proxy.close();
      }
    });

    it('turn.abort() before the answer: aborted, and nothing is sent again', async () => {
      emu.faults.add({ path: RUN_SSE, fault: { kind: 'slowHeaders', ms: 300 } });
      const turn = client.sendMessage(sessionId, PROMPT);
      setTimeout(() => turn.abort(), 50);
      const e = await nemoFailure((async () => { for await (const _ of turn) { /* drain */ } })());
      assert.equal(e.kind, 'aborted');
      assert.equal(runSseCount(), 1);
    });
  });
});

describe('state and credits against the emulator', () => {
  let emu: Emulator;
  before(async () => (emu = await startEmulator()));
  after(() => emu.close());

  it('keeps the draft text byte-for-byte (unknown keys, spacing, number spellings)', async () => {
    const client = makeClient(emu);
    const { sessionId } = await client.createSession();
    const raw = '{ "d" : 3000.0, "zz_unknown": {"keep": [1, 2.50, "é\\n"]}, "m":{"title":"Tick","width":1920,"height":1080},\n "t":[{"tt":9,"sg":[{"st":0,"d":3000,"m":{"x":1}}]}] }';
    emu.setDraft(sessionId, raw);
    const state = await client.getState(sessionId);
    assert.equal(state.rawDraft, raw);
    assert.equal(drawable(state.draft)?.tracks[0].kind, 'other');
  });

  it('reads credits in both shapes', async () => {
    const client = makeClient(emu);
    emu.setOptions({ creditsShape: 'simple' });
    assert.deepEqual(await client.getCredits(), { available: 100, frozen: 0, total: 100 });
    emu.setOptions({ creditsShape: 'granted' });
    const c = await client.getCredits();
    assert.equal(c.available, 100);
    assert.equal(c.total, 100);
  });

  it('identity(): acquires an anonymous token once', async () => {
    const client = makeClient(emu);
    const id = await client.identity();
    assert.equal(id.anonymous, true);
    assert.match(id.userId ?? '', /^anon_/);
    await client.identity();
    assert.equal(client.kit.tokens.sets, 1);
  });
});
