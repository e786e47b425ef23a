// The emulator's knobs: one place for their defaults so the library, the CLI (main.ts) and the
// HTTP control endpoint all agree.

export type SseShape = 'nemo' | 'adk';
export type PollShape = 'data' | 'top' | 'task';
export type CreditsShape = 'simple' | 'granted';

export interface EmulatorOptions {
  port?: number; // 0 = random (default)
  cdnPort?: number; // 0 = random (default)
  renderMs?: number; // pending → processing → completed time
  sseShape?: SseShape; // the two stream shapes of the contract
  pollShape?: PollShape; // the three render-poll shapes
  creditsShape?: CreditsShape; // available/frozen/total, or the total_granted/total_consumed variant
  silentEditShare?: number; // 0..1 share of edit turns with no text, deterministic (counter based)
  startingCredits?: number;
  tokenTtlMs?: number; // anonymous token lifetime
  tokenRequestsPerWindow?: number; // anonymous-token requests allowed per client id per window...
  tokenWindowMs?: number; // ...before 429
  heartbeatMs?: number; // keep-alive interval during a turn
  turnDelayMs?: number; // pacing between streamed events
  maxUploadBytes?: number; // 4002 above this (the contract's 500 MB; tests lower it)
  outputTtlMs?: number; // a render output URL answers 403 this long after completion (it "may expire")
  ffmpegPath?: string; // else env FFMPEG_PATH, else @ffmpeg-installer/ffmpeg
  // How long both servers keep an idle connection (Node's default 5 s), set when they start. A long
  // value makes a client that forgets to close its connections hang visibly instead of for 5 s.
  keepAliveMs?: number;
}

export type ResolvedOptions = Required<EmulatorOptions>;

export const DEFAULT_OPTIONS: ResolvedOptions = {
  port: 0,
  cdnPort: 0,
  renderMs: 3000,
  sseShape: 'nemo',
  pollShape: 'data',
  creditsShape: 'simple',
  silentEditShare: 0,
  startingCredits: 100,
  tokenTtlMs: 7 * 24 * 3600 * 1000,
  tokenRequestsPerWindow: 5,
  tokenWindowMs: 60_000,
  heartbeatMs: 1000,
  turnDelayMs: 20,
  maxUploadBytes: 500 * 1024 * 1024,
  outputTtlMs: 3600 * 1000,
  ffmpegPath: '',
  keepAliveMs: 5000,
};

const ENUMS: Partial<Record<keyof EmulatorOptions, readonly string[]>> = {
  sseShape: ['nemo', 'adk'],
  pollShape: ['data', 'top', 'task'],
  creditsShape: ['simple', 'granted'],
};

/**
 * Validates a partial options object coming from outside (the control endpoint, the CLI):
 * unknown keys and values of the wrong type are refused with a message rather than stored.
 */
export function validateOptions(input: unknown): Partial<ResolvedOptions> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('options must be an object');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!(key in DEFAULT_OPTIONS)) throw new Error(`unknown option ${key}`);
    const k = key as keyof ResolvedOptions;
    const allowed = ENUMS[k];
    if (allowed) {
      if (typeof value !== 'string' || !allowed.includes(value)) throw new Error(`${key} must be one of ${allowed.join(', ')}`);
    } else if (typeof DEFAULT_OPTIONS[k] === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`${key} must be a number ≥ 0`);
      if (k === 'silentEditShare' && value > 1) throw new Error('silentEditShare must be within 0..1');
    } else if (typeof value !== 'string') {
      throw new Error(`${key} must be a string`);
    }
    out[key] = value;
  }
  return out as Partial<ResolvedOptions>;
}

export function resolveOptions(opts: EmulatorOptions = {}): ResolvedOptions {
  const defined = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_OPTIONS, ...validateOptions(defined) };
}
