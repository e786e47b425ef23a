// Builds a Transport or a NemoClient pointed at an emulator (or any base URL), with in-memory stores,
// a request log that tests can read, and a fast sleep that records the delays the client asked for
// (so a test of "wait Retry-After / 30 s" asserts the wait without spending it).
import { NemoClient, type NemoClientOptions } from '../../src/nemo/client';
import type { RequestLogLine } from '../../src/nemo/transport';
import { Transport, defaultSleep, type TransportOptions } from '../../src/nemo/transport';
import { MemoryIdStore, MemoryTokenStore } from './stores';

export const TEST_VERSION = '0.0.0-test';

/**
 * A sleep that remembers every delay asked of it but waits at most `capMs` (so a 30 s Retry-After
 * costs nothing, while polling loops still pace themselves instead of spinning).
 */
export class RecordingSleep {
  readonly delays: number[] = [];
  constructor(private readonly capMs = 10) {}
  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> => {
    this.delays.push(ms);
    return defaultSleep(Math.min(ms, this.capMs), signal);
  };
}

export interface TestKit {
  tokens: MemoryTokenStore;
  clientIds: MemoryIdStore;
  log: RequestLogLine[];
  sleeper: RecordingSleep;
}

/** Stores may be passed in to share them between two clients (the same installation). */
export interface KitOverrides {
  tokens?: MemoryTokenStore;
  clientIds?: MemoryIdStore;
}

function kit(o: KitOverrides): TestKit {
  return { tokens: o.tokens ?? new MemoryTokenStore(), clientIds: o.clientIds ?? new MemoryIdStore(), log: [], sleeper: new RecordingSleep() };
}

/** What every test transport and client shares: the emulator, a recorded log, a fast sleep, no jitter. */
function defaults(emu: { url: string }, k: TestKit) {
  return {
    baseUrl: emu.url,
    platform: 'cli' as const,
    version: TEST_VERSION,
    log: (line: RequestLogLine) => k.log.push(line),
    sleep: k.sleeper.sleep,
    random: () => 0.5,
  };
}

export function makeTransport(
  emu: { url: string },
  overrides: Partial<Omit<TransportOptions, keyof KitOverrides>> & KitOverrides = {},
): Transport & { kit: TestKit } {
  const k = kit(overrides);
  const t = new Transport({ ...defaults(emu, k), ...overrides, tokens: k.tokens, clientIds: k.clientIds });
  return Object.assign(t, { kit: k });
}

export function makeClient(
  emu: { url: string },
  overrides: Partial<Omit<NemoClientOptions, keyof KitOverrides>> & KitOverrides = {},
): NemoClient & { kit: TestKit } {
  const k = kit(overrides);
  const c = new NemoClient({
    ...defaults(emu, k),
    pollIntervalMs: 20,
    ...overrides,
    tokens: k.tokens,
    clientIds: k.clientIds,
  });
  return Object.assign(c, { kit: k });
}
