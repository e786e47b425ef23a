// Stream timing and wording as the service documents them (issue 10 point 4), at the client:
// heartbeats alone for the limit are a timed-out turn handled like a broken stream (polled, never
// resent); keep-alives alone never are; whole messages are paragraphs; a trailing "I encountered a
// temporary issue" is left out; the raw clip of a two-stage generation is on the timeline first.
import assert from 'node:assert/strict';
import { defaultSleep } from '../../../src/nemo/transport';
import { DEFAULT_STREAM_TIMING, limitWords, streamTiming, streamTimingFromSeconds } from '../../../src/nemo/streamTiming';
import { readTurn } from '../../../src/chat/turnOutcome';
import { startEmulator, type Emulator } from '../../emulator';
import { makeClient } from '../../support/client';
import { drawable } from '../../../src/draft';

const PROMPT = "make a 10-second product demo of a smartwatch with upbeat background music and the title 'Tick'";

describe('stream timing and the wording of whole messages', () => {
  let emu: Emulator;
  const turns = () => emu.requests.filter((r) => r.path === '/run_sse').length;

  before(async () => (emu = await startEmulator({ turnDelayMs: 1, heartbeatMs: 40, startingCredits: 10_000 })));
  after(async () => emu.close());
  beforeEach(() => {
    emu.reset();
    emu.setOptions({ sseShape: 'nemo', trailingNoise: 'off', generationStages: 'one' });
  });

  it('the limits live in one place: 10 minutes of heartbeats, a socket as patient, the 15-minute cap', () => {
    assert.deepEqual({ ...DEFAULT_STREAM_TIMING }, { heartbeatOnlyMs: 600_000, socketIdleMs: 600_000, maxTurnMs: 900_000 });
    assert.ok(DEFAULT_STREAM_TIMING.socketIdleMs >= DEFAULT_STREAM_TIMING.heartbeatOnlyMs);
    assert.deepEqual(streamTiming({ heartbeatOnlyMs: 5 }), { ...DEFAULT_STREAM_TIMING, heartbeatOnlyMs: 5 });
  });

  it("a person's limits (seconds) are checked once into the one StreamTiming, the socket as patient as the silence", () => {
    const names = { silence: 'S', max: 'M' };
    assert.deepEqual(streamTimingFromSeconds({}, names), { ...DEFAULT_STREAM_TIMING });
    assert.deepEqual(streamTimingFromSeconds({ silenceSeconds: 2, maxSeconds: '30' }, names), { heartbeatOnlyMs: 2000, socketIdleMs: 2000, maxTurnMs: 30_000 });
    assert.deepEqual(streamTimingFromSeconds({ maxSeconds: 120 }, names), { heartbeatOnlyMs: 120_000, socketIdleMs: 120_000, maxTurnMs: 120_000 });
    for (const bad of [0, -1, 86_401, 'x', NaN, true, {}]) {
      assert.throws(() => streamTimingFromSeconds({ silenceSeconds: bad }, names), (e: Error) => e.message === 'S must be a number of seconds from 1 to 86400.', String(bad));
    }
    assert.throws(() => streamTimingFromSeconds({ silenceSeconds: 61, maxSeconds: 60 }, names), /S \(61 s\) cannot be longer than M \(60 s\)/);
    assert.deepEqual([limitWords(600_000), limitWords(60_000), limitWords(90_000), limitWords(1000), limitWords(200)],
      ['10 minutes', '1 minute', '90 seconds', '1 second', '1 second']);
  });

  it('heartbeats alone for the limit: a timed-out turn, the state polled, what changed reported, never resent', async () => {
    const client = makeClient(emu, { streamTiming: { heartbeatOnlyMs: 300 }, sleep: defaultSleep, pollIntervalMs: 150 });
    // The agent sends nothing but heartbeat events for 1.5 s, then does the work anyway.
    emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'silentStream', ms: 1500, heartbeats: true, then: 'continue' } });
    const session = await client.createSession();
    const broken: string[] = [];
    const outcome = await client.runTurn(session.sessionId, PROMPT, { onBroken: (e) => broken.push(e.kind) });
    assert.deepEqual(broken, ['timeout']);
    assert.equal(outcome.broken?.kind, 'timeout');
    assert.equal(turns(), 1, 'never resent');
    assert.ok(outcome.changes.length > 0, 'the work the agent finished after the cut was found by polling');
    const reading = readTurn(outcome);
    assert.equal(reading.status, 'interrupted');
    assert.match(reading.interruption, /timed out/);
  });

  it('heartbeats for less than the limit do not time the turn out', async () => {
    const client = makeClient(emu, { streamTiming: { heartbeatOnlyMs: 400, socketIdleMs: 5000 } });
    emu.faults.add({ method: 'POST', path: '/run_sse', fault: { kind: 'silentStream', ms: 300, heartbeats: true, then: 'continue' } });
    const session = await client.createSession();
    const outcome = await client.runTurn(session.sessionId, PROMPT);
    assert.equal(outcome.broken, undefined, 'under the limit: the turn ran to its end');
    assert.equal(readTurn(outcome).status, 'done');
  });

  for (const shape of ['nemo', 'adk'] as const) {
    it(`${shape}: whole messages are separate paragraphs, and the trailing temporary-issue message is left out`, async () => {
      emu.setOptions({ sseShape: shape, trailingNoise: 'temporary-issue' });
      const client = makeClient(emu);
      const session = await client.createSession();
      const outcome = await client.runTurn(session.sessionId, PROMPT);
      assert.doesNotMatch(outcome.text, /temporary issue/);
      assert.match(outcome.text, /'Tick'\.\n\nYour video is ready/);
      assert.doesNotMatch(outcome.text, /\S\n\n\s/, 'a paragraph never starts with a space');
    });
  }

  it('two-stage generation: the raw clip is on the timeline at generate_video, the finished tracks at the end', async () => {
    emu.setOptions({ generationStages: 'raw-clip-first', turnDelayMs: 30 });
    try {
      const client = makeClient(emu);
      const session = await client.createSession();
      let rawTracks: number | undefined;
      const outcome = await client.runTurn(session.sessionId, PROMPT, {
        onEvent: (e) => {
          if (e.type === 'tool_result' && e.name === 'generate_video') {
            const draft = JSON.parse(emu.store.sessions.get(session.sessionId)?.draftJson ?? 'null') as { t: unknown[] } | null;
            rawTracks = draft?.t.length;
          }
        },
      });
      assert.equal(rawTracks, 1, 'the raw clip alone first');
      assert.equal(drawable(outcome.stateAfter?.draft)?.tracks.length, 3, 'then video, music and title');
    } finally {
      emu.setOptions({ turnDelayMs: 1 });
    }
  });
});
