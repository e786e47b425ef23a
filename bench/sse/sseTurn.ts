// 2. SSE turn: the same bulk stream of realistic events (text deltas, tool calls and results,
// heartbeats) from the emulator, in both shapes, read by our turn iterator (transport + decoder +
// event mapping, what a chat turn runs) and by the bare eventsource-parser over an undici request
// to the same server. The emulator runs in another process; both readers get the same bytes.
// Wall time is the headline; the reader's CPU time is kept too, because when the server is the
// slower side both readers wait on it and only CPU time shows what reading costs.
import { createParser } from 'eventsource-parser';
import { request } from 'undici';
import type { SseShape } from '../../test/emulator';
import { RUN_SSE_PATH, runSseBody, sendMessage } from '../../src/nemo/turn';
import type { Transport } from '../../src/nemo/transport';
import { compared, type Benchmark, type BenchContext, type Figure } from '../figures';
import { spread } from '../stats';
import { benchTransport, newSession, referenceHeaders, startEmulatorProcess, type Credentials, type EmulatorProcess } from '../support/emulator';
import { collectGarbage } from '../support/memory';
import { MB } from '../support/tempFiles';

interface ReadStats {
  ms: number;
  cpuMs: number;
  bytes: number;
  events: number;
}

async function timed(read: () => Promise<{ bytes: number; events: number }>): Promise<ReadStats> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { bytes, events } = await read();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, bytes, events };
}

/** Our client: every event the chat participant would see. */
function readOurs(t: Transport, sessionId: string): Promise<ReadStats> {
  return timed(async () => {
    let events = 0;
    let textChars = 0;
    for await (const ev of sendMessage(t, sessionId, 'bench')) {
      events += 1;
      if (ev.type === 'text') textChars += ev.text.length;
    }
    if (textChars === 0) throw new Error('our reader saw no text');
    // Bytes are not visible above the decoder; the emulator streams the same amount to both.
    return { bytes: 0, events };
  });
}

/** The reference: bytes → eventsource-parser, nothing else. */
function readRaw(baseUrl: string, creds: Credentials, sessionId: string): Promise<ReadStats> {
  return timed(async () => {
    let events = 0;
    let bytes = 0;
    const parser = createParser({ onEvent: () => void (events += 1) });
    const decoder = new TextDecoder();
    const res = await request(`${baseUrl}${RUN_SSE_PATH}`, {
      method: 'POST',
      headers: { ...referenceHeaders(creds), 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify(runSseBody(sessionId, 'bench')),
    });
    if (res.statusCode !== 200) throw new Error(`raw reader: HTTP ${res.statusCode}`);
    for await (const chunk of res.body) {
      bytes += (chunk as Buffer).length;
      parser.feed(decoder.decode(chunk as Buffer, { stream: true }));
    }
    parser.feed(decoder.decode());
    return { bytes, events };
  });
}

async function measureShape(ctx: BenchContext, emu: EmulatorProcess, shape: SseShape, bytes: number, reps: number): Promise<Figure[]> {
  await emu.control('/options', { sseShape: shape });
  const creds = await emu.credentials();
  const t = benchTransport(emu.url, creds);
  const sessionId = await newSession(t);
  const once = async (which: 'ours' | 'raw', size: number): Promise<ReadStats> => {
    await emu.control('/bulk-stream', { bytes: size });
    collectGarbage();
    return which === 'ours' ? readOurs(t, sessionId) : readRaw(emu.url, creds, sessionId);
  };
  // Warm up both paths (JIT, connection pool) on a small stream.
  await once('ours', MB);
  await once('raw', MB);
  const ours: ReadStats[] = [];
  const raw: ReadStats[] = [];
  for (let i = 0; i < reps; i++) {
    // Alternate who goes first so drift in the machine's load hits both alike.
    const order: ('ours' | 'raw')[] = i % 2 === 0 ? ['ours', 'raw'] : ['raw', 'ours'];
    for (const which of order) (which === 'ours' ? ours : raw).push(await once(which, bytes));
    const last = raw[raw.length - 1];
    ctx.log(`${shape} #${i + 1}: ours ${ours[ours.length - 1].ms.toFixed(0)} ms, raw parser ${last.ms.toFixed(0)} ms (${(last.bytes / MB).toFixed(1)} MB, ${last.events} events)`);
  }
  const size = raw[0].bytes;
  const notes = {
    streamBytes: size,
    rawEvents: raw[0].events,
    ourEvents: ours[0].events,
    oursMBps: Math.round((size / MB / (spread(ours.map((r) => r.ms)).median / 1000)) * 10) / 10,
    rawMBps: Math.round((size / MB / (spread(raw.map((r) => r.ms)).median / 1000)) * 10) / 10,
  };
  const wall = compared(
    { id: `sse.${shape}.wall`, label: `${shape} shape, ${(size / MB).toFixed(0)} MB: wall time`, unit: 'ms', notes },
    spread(ours.map((r) => r.ms)), 'eventsource-parser', spread(raw.map((r) => r.ms)),
  );
  wall.target = { text: '≤ 1.25×', met: (wall.ratio ?? Infinity) <= 1.25 };
  const cpu = compared(
    { id: `sse.${shape}.cpu`, label: `${shape} shape: reader CPU time`, unit: 'ms' },
    spread(ours.map((r) => r.cpuMs)), 'eventsource-parser', spread(raw.map((r) => r.cpuMs)),
  );
  return [wall, cpu];
}

export const sseTurnBench: Benchmark = {
  name: 'sse',
  title: '2. SSE turn (emulator on loopback, both shapes)',
  async run(ctx) {
    const bytes = (ctx.quick ? 5 : 50) * MB;
    const reps = ctx.quick ? 3 : 5;
    const emu = await startEmulatorProcess();
    try {
      return [...(await measureShape(ctx, emu, 'nemo', bytes, reps)), ...(await measureShape(ctx, emu, 'adk', bytes, reps))];
    } finally {
      await emu.stop();
    }
  },
};
