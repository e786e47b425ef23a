// 2. SSE turn: the same bulk stream of realistic events (text deltas, tool calls and results,
// heartbeats) from the emulator, in both shapes, read by our turn iterator (transport + decoder +
// event mapping, what a chat turn runs) and by the bare eventsource-parser over an undici request
// to the same server (the reference), and, to show where the difference goes, by that
// parser plus JSON.parse of each event. The emulator runs in another process; both readers get the same bytes.
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

/**
 * The reference: bytes → eventsource-parser, nothing else. With `parseJson`, also JSON.parse of
 * every data line: the least any client that looks inside the events must do.
 */
function readRaw(baseUrl: string, creds: Credentials, sessionId: string, parseJson: boolean): Promise<ReadStats> {
  return timed(async () => {
    let events = 0;
    let bytes = 0;
    const parser = createParser({
      onEvent: (msg) => {
        if (parseJson && msg.data) JSON.parse(msg.data);
        events += 1;
      },
    });
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
  type Reader = 'ours' | 'raw' | 'rawJson';
  const once = async (which: Reader, size: number): Promise<ReadStats> => {
    await emu.control('/bulk-stream', { bytes: size });
    collectGarbage();
    return which === 'ours' ? readOurs(t, sessionId) : readRaw(emu.url, creds, sessionId, which === 'rawJson');
  };
  const readers: Reader[] = ['ours', 'raw', 'rawJson'];
  // Warm up every path (JIT, connection pool) on a small stream.
  for (const r of readers) await once(r, MB);
  const results: Record<Reader, ReadStats[]> = { ours: [], raw: [], rawJson: [] };
  for (let i = 0; i < reps; i++) {
    // Rotate who goes first so drift in the machine's load hits all alike.
    for (let k = 0; k < readers.length; k++) {
      const which = readers[(i + k) % readers.length];
      results[which].push(await once(which, bytes));
    }
    const ms = (r: Reader) => results[r][i].ms.toFixed(0);
    ctx.log(`${shape} #${i + 1}: ours ${ms('ours')} ms, parser ${ms('raw')} ms, parser + JSON.parse ${ms('rawJson')} ms (${(results.raw[i].bytes / MB).toFixed(1)} MB, ${results.raw[i].events} events)`);
  }
  const { ours, raw, rawJson } = results;
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
  const withJson = compared(
    { id: `sse.${shape}.wallJson`, label: `${shape} shape: wall time`, unit: 'ms' },
    wall.ours, 'eventsource-parser + JSON.parse', spread(rawJson.map((r) => r.ms)),
  );
  const cpu = compared(
    { id: `sse.${shape}.cpu`, label: `${shape} shape: reader CPU time`, unit: 'ms' },
    spread(ours.map((r) => r.cpuMs)), 'eventsource-parser', spread(raw.map((r) => r.cpuMs)),
  );
  const cpuJson = compared(
    { id: `sse.${shape}.cpuJson`, label: `${shape} shape: reader CPU time`, unit: 'ms' },
    cpu.ours, 'eventsource-parser + JSON.parse', spread(rawJson.map((r) => r.cpuMs)),
  );
  return [wall, withJson, cpu, cpuJson];
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
