// The emulator's knobs, in one place: their types, defaults, the one-line help (used by
// `npm run emulator --help` and checked against test/emulator/README.md) and the choices of each
// mode. The library, the CLI (main.ts) and the HTTP control endpoint all read them from here, so a
// new option or mode is one field, one default and one help line in this file.
import { PROGRESS_MODES, type ProgressMode } from './progressModes';

export const SSE_SHAPES = ['nemo', 'adk'] as const;
export const POLL_SHAPES = ['data', 'top', 'task'] as const;
export const CREDITS_SHAPES = ['simple', 'granted'] as const;
/** What the poll answer says about `status` while a render runs: the word, nothing, or a word no client knows. */
export const POLL_STATUSES = ['normal', 'missing', 'unknown'] as const;
/** The name the submit answer gives the job. */
export const SUBMIT_ID_FIELDS = ['id', 'render_id', 'taskId'] as const;
/** The fallback download answers the MP4 itself, or JSON with the output URL. */
export const DOWNLOAD_ANSWERS = ['bytes', 'json'] as const;
/** A whole message the agent tacks on after its reply: none, or Nemo's "I encountered a temporary issue". */
export const TRAILING_NOISES = ['off', 'temporary-issue'] as const;
/** A generation commits its draft once, or the raw clip first and the finished tracks after (Nemo's two stages). */
export const GENERATION_STAGES = ['one', 'raw-clip-first'] as const;
/** The state's draft: the short-key JSON, or Nemo's XML-like Draft V3 text as a JSON string (draftV3.ts). */
export const DRAFT_FORMATS = ['short-keys', 'v3'] as const;
export type DraftFormat = (typeof DRAFT_FORMATS)[number];
export type TrailingNoise = (typeof TRAILING_NOISES)[number];
export type GenerationStages = (typeof GENERATION_STAGES)[number];
export type PollStatus = (typeof POLL_STATUSES)[number];
export type SubmitIdField = (typeof SUBMIT_ID_FIELDS)[number];
export type DownloadAnswer = (typeof DOWNLOAD_ANSWERS)[number];
export type SseShape = (typeof SSE_SHAPES)[number];
export type PollShape = (typeof POLL_SHAPES)[number];
export type CreditsShape = (typeof CREDITS_SHAPES)[number];

export interface EmulatorOptions {
  port?: number;
  cdnPort?: number;
  renderMs?: number;
  progressMode?: ProgressMode;
  pollStatus?: PollStatus;
  trailingNoise?: TrailingNoise;
  generationStages?: GenerationStages;
  draftFormat?: DraftFormat;
  completedWithoutUrlPolls?: number;
  submitIdField?: SubmitIdField;
  downloadAnswer?: DownloadAnswer;
  sseShape?: SseShape;
  pollShape?: PollShape;
  creditsShape?: CreditsShape;
  silentEditShare?: number;
  startingCredits?: number;
  tokenTtlMs?: number;
  tokensPerClientId?: number;
  tokensPerIp?: number;
  tokenLimitWindowMs?: number;
  heartbeatMs?: number;
  turnDelayMs?: number;
  maxUploadBytes?: number;
  outputTtlMs?: number;
  ffmpegPath?: string;
  keepAliveMs?: number;
}

export type ResolvedOptions = Required<EmulatorOptions>;

export const DEFAULT_OPTIONS: ResolvedOptions = {
  port: 0,
  cdnPort: 0,
  renderMs: 3000,
  progressMode: 'steady',
  pollStatus: 'normal',
  trailingNoise: 'off',
  generationStages: 'one',
  draftFormat: 'short-keys',
  completedWithoutUrlPolls: 0,
  submitIdField: 'id',
  downloadAnswer: 'bytes',
  sseShape: 'nemo',
  pollShape: 'data',
  creditsShape: 'simple',
  silentEditShare: 0,
  startingCredits: 100,
  tokenTtlMs: 7 * 24 * 3600 * 1000,
  // Off unless a test (or `npm run emulator`) asks: most tests renew tokens freely.
  tokensPerClientId: 0,
  tokensPerIp: 0,
  tokenLimitWindowMs: 7 * 24 * 3600 * 1000,
  heartbeatMs: 1000,
  turnDelayMs: 20,
  maxUploadBytes: 500 * 1024 * 1024,
  outputTtlMs: 3600 * 1000,
  ffmpegPath: '',
  keepAliveMs: 5000,
};

/** What each option does (a missing line is a type error). */
export const OPTION_HELP: Record<keyof ResolvedOptions, string> = {
  port: 'API port; 0 picks a free one',
  cdnPort: 'render output port; 0 picks a free one',
  renderMs: 'time a render takes: pending → processing → completed',
  trailingNoise: 'after a reply with text, one more whole message: off, or "I encountered a temporary issue…" (temporary-issue)',
  generationStages: 'a generation commits its draft once (one), or the raw clip at generate_video and the finished tracks at the end (raw-clip-first)',
  draftFormat: 'the state serves the draft as short-key JSON (short-keys) or as Draft V3 text in a JSON string (v3); a render takes either, and keeps the draft text it got',
  pollStatus: 'while a render runs its polls carry the status word (normal), none (missing) or one no client knows (unknown)',
  completedWithoutUrlPolls: 'the first N polls that say completed carry no output URL',
  submitIdField: 'the submit answer names the job id, render_id or taskId',
  downloadAnswer: 'the fallback download answers the MP4 bytes, or JSON with the output URL and size',
  progressMode: 'how polls report progress: steady, stall90 (stops at 90 % at 60 % of the time), jump (10 until done), frozen (0 until done), none (no field)',
  sseShape: 'the run_sse stream shape: nemo events, or the agent framework (adk) shape',
  pollShape: 'the render poll answer: fields under data, at the top, or as a task',
  creditsShape: 'the balance as available/frozen/total, or the total_granted/total_consumed variant',
  silentEditShare: 'share (0..1) of edit turns that stream no text, deterministic (counter based)',
  startingCredits: 'credits a new anonymous user starts with',
  tokenTtlMs: 'anonymous token lifetime',
  tokensPerClientId: "anonymous tokens one client id may get per window before 429 (0: no limit; the real service: 1)",
  tokensPerIp: "anonymous tokens one IP address may get per window before 429 (0: no limit; the real service: 10)",
  tokenLimitWindowMs: 'the window of both token limits (7 days); emu.resetTokenLimits() or POST /__emulator/token-limits/reset forgets what was given',
  heartbeatMs: 'heartbeat event interval during a turn',
  turnDelayMs: 'pacing between streamed events',
  maxUploadBytes: "uploads above this answer 4002 (the contract's 500 MB; tests lower it)",
  outputTtlMs: 'a render output URL answers 403 this long after completion (it "may expire")',
  ffmpegPath: 'the ffmpeg binary; empty: env FFMPEG_PATH, else @ffmpeg-installer/ffmpeg',
  keepAliveMs:
    "how long both servers keep an idle connection (Node's 5 s), set at start; a long value makes a client that forgets to close its connections hang visibly",
};

/** The allowed values of each mode option. */
export const OPTION_CHOICES: Partial<Record<keyof ResolvedOptions, readonly string[]>> = {
  sseShape: SSE_SHAPES,
  pollShape: POLL_SHAPES,
  creditsShape: CREDITS_SHAPES,
  progressMode: PROGRESS_MODES,
  pollStatus: POLL_STATUSES,
  trailingNoise: TRAILING_NOISES,
  generationStages: GENERATION_STAGES,
  draftFormat: DRAFT_FORMATS,
  submitIdField: SUBMIT_ID_FIELDS,
  downloadAnswer: DOWNLOAD_ANSWERS,
};

/** Options whose number must lie within 0..1 (the others only ≥ 0). */
const SHARES: ReadonlySet<keyof ResolvedOptions> = new Set(['silentEditShare']);

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
    const allowed = OPTION_CHOICES[k];
    if (allowed) {
      if (typeof value !== 'string' || !allowed.includes(value)) throw new Error(`${key} must be one of ${allowed.join(', ')}`);
    } else if (typeof DEFAULT_OPTIONS[k] === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`${key} must be a number ≥ 0`);
      if (SHARES.has(k) && value > 1) throw new Error(`${key} must be within 0..1`);
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
