// A whole turn as the user experiences it: the state before, the streamed reply, the state after and
// what changed in the draft. Three situations shape it:
//  - a silent turn (about 30% of edits produce no text): the change is described from the drafts;
//  - a turn that may have run unseen: the stream broke (reset, idle timeout, the 15-minute cap),
//    the server answered the message with an error instead of a refusal (a 5xx), or the stream
//    closed after nothing but keep-alives, or heartbeats alone went on for 10 minutes (streamTiming.ts). The message is never resent; the state is polled
//    instead, changes are reported as they appear, and polling stops after 5 consecutive polls
//    that saw nothing new. This is the one path for all of them (`broken` says which);
//  - the person stopped the turn (Ctrl-C, a cancelled chat request) after it was sent: the state is
//    read once more, and the cancellation says the message may still run (`details.mayHaveRun`).
import * as l10n from '@vscode/l10n';
import { describeChanges, diffDrafts, type DraftChange } from '../draft/diff';
import { getCredits, type Credits } from './credits';
import { NemoError, isAbort, isNemoError } from './errors';
import { getState, type SessionState } from './state';
import type { Sleep, Transport } from './transport';
import { DEFAULT_STREAM_TIMING, limitWords } from './streamTiming';
import { RUN_SSE_PATH, sendMessage, type Turn, type TurnOptions } from './turn';
import type { TurnEvent } from './turnEvents';

export const DEFAULT_BROKEN_POLL_MS = 30_000;
export const QUIET_POLLS_BEFORE_GIVING_UP = 5;
export const DEFAULT_STILL_WORKING_MS = 2 * 60_000;
/** How long the one state read after a cancellation may take: the person asked to stop. */
export const STOPPED_READ_MS = 5_000;

export interface TurnHooks {
  onEvent?: (event: TurnEvent) => void;
  /** Called after every `stillWorkingMs` without new text while the turn runs. */
  onStillWorking?: (elapsedMs: number) => void;
  /** The stream broke; the state is being polled. */
  onBroken?: (error: NemoError) => void;
  /** Polling after a broken stream saw the draft change. */
  onChange?: (changes: DraftChange[], state: SessionState) => void;
  signal?: AbortSignal;
  /** Another turn holds this session: this one waits for it (cancelled by `signal`). */
  onWaitingForTurn?: () => void;
  /** For SessionKeeper: true when the message may be sent in a new session if this one was lost. */
  safeToRetryOnLostSession?: boolean;
  /** Read the balance before and after (two extra requests). */
  withCredits?: boolean;
}

export interface ToolCall {
  name: string;
  args: unknown;
}

export interface TurnOutcome {
  sessionId: string;
  /** All text the agent streamed, in order. */
  text: string;
  events: TurnEvent[];
  toolCalls: ToolCall[];
  /** Error messages the stream carried (`{"error": ...}` events). */
  streamErrors: string[];
  stateBefore: SessionState;
  /** Undefined only when the state could not be read after the turn. */
  stateAfter?: SessionState;
  changes: DraftChange[];
  /** describeChanges(changes): what to tell the user when the turn had no text. */
  changeDescription: string;
  /** The turn produced no text. */
  silent: boolean;
  /**
   * The turn may have run unseen (a broken stream, a 5xx answer, a stream of only keep-alives);
   * what is known came from polling the state. `details.interruption` names which.
   */
  broken?: NemoError;
  creditsBefore?: Credits;
  creditsAfter?: Credits;
}

export interface TurnRunnerOptions extends Omit<TurnOptions, 'signal'> {
  sleep: Sleep;
  /** Heartbeats only for this long: the turn timed out (streamTiming.ts, 10 minutes by default). */
  heartbeatOnlyMs?: number;
  /** State polling after a broken stream. */
  pollIntervalMs?: number;
  stillWorkingMs?: number;
}

/** Re-arms on every text event; fires `onStillWorking` after each quiet interval. */
function stillWorkingTimer(hooks: TurnHooks, intervalMs: number): { touch(): void; stop(): void } {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    if (!hooks.onStillWorking) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      hooks.onStillWorking?.(Date.now() - started);
      arm();
    }, intervalMs);
  };
  arm();
  return { touch: arm, stop: () => clearTimeout(timer) };
}

/**
 * Aborts `turn` once nothing but heartbeats has come for `limitMs` (armed when the request goes out,
 * re-armed on every text, tool or error event). `fired` tells the abort from any other.
 */
function heartbeatOnlyTimer(turn: Turn, limitMs: number): { touch(): void; stop(): void; readonly fired: boolean; readonly limitMs: number } {
  let fired = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      fired = true;
      turn.abort();
    }, limitMs);
  };
  arm();
  return { touch: arm, stop: () => clearTimeout(timer), get fired() { return fired; }, limitMs };
}

async function creditsQuietly(t: Transport, signal?: AbortSignal): Promise<Credits | undefined> {
  try {
    return await getCredits(t, signal);
  } catch (e) {
    if (isAbort(e)) throw e;
    return undefined;
  }
}

export async function runTurn(t: Transport, sessionId: string, text: string, hooks: TurnHooks, opts: TurnRunnerOptions): Promise<TurnOutcome> {
  const { signal } = hooks;
  // Read first: a lost session (1002) surfaces here, before anything was sent.
  const stateBefore = await getState(t, sessionId, signal);
  const creditsBefore = hooks.withCredits ? await creditsQuietly(t, signal) : undefined;

  const events: TurnEvent[] = [];
  const toolCalls: ToolCall[] = [];
  const streamErrors: string[] = [];
  let reply = '';
  let broken: NemoError | undefined;
  const still = stillWorkingTimer(hooks, opts.stillWorkingMs ?? DEFAULT_STILL_WORKING_MS);
  const turn = sendMessage(t, sessionId, text, { ...opts, signal });
  const quiet = heartbeatOnlyTimer(turn, opts.heartbeatOnlyMs ?? DEFAULT_STREAM_TIMING.heartbeatOnlyMs);
  try {
    for await (const ev of turn) {
      events.push(ev);
      if (ev.type !== 'heartbeat') quiet.touch();
      if (ev.type === 'text') {
        reply += ev.text;
        still.touch();
      } else if (ev.type === 'tool_call') {
        toolCalls.push({ name: ev.name, args: ev.args });
      } else if (ev.type === 'error') {
        streamErrors.push(ev.message);
      }
      hooks.onEvent?.(ev);
    }
  } catch (e) {
    if (quiet.fired && !signal?.aborted) {
      // Heartbeats alone for the whole limit: a timed-out turn, treated like a broken stream.
      broken = new NemoError('timeout', l10n.t('Only keep-alives for {0}: the reply is taken as timed out.', limitWords(quiet.limitMs)), { cause: e });
    } else {
      if (isAbort(e) && signal?.aborted) throw await stoppedAfterSending(t, sessionId, stateBefore, e);
      // A refusal (didNothing) ran nothing: the caller says why. Anything else may have run: poll.
      if (!isNemoError(e) || e.didNothing || isAbort(e)) throw e;
      broken = e.status !== undefined && e.status >= 500 ? serverErrorAfterSending(e) : e;
    }
  } finally {
    still.stop();
    quiet.stop();
  }
  // Nothing but keep-alives, then the end: the agent may still be working on it (seen: the edit
  // lands a second later). That is no answer, so it is treated like a broken stream.
  if (!broken && events.every((ev) => ev.type === 'heartbeat' || ev.type === 'end')) {
    broken = new NemoError('stream', l10n.t('The reply ended before the agent said or did anything.'), {
      path: RUN_SSE_PATH, details: { interruption: 'no-answer' },
    });
  }

  let stateAfter: SessionState | undefined;
  if (broken) {
    hooks.onBroken?.(broken);
    stateAfter = await pollUntilQuiet(t, sessionId, stateBefore, hooks, opts);
  } else {
    try {
      stateAfter = await getState(t, sessionId, signal);
    } catch (e) {
      if (isAbort(e)) throw e;
    }
  }
  const creditsAfter = hooks.withCredits ? await creditsQuietly(t, signal) : undefined;
  const changes = stateAfter ? diffDrafts(stateBefore.draft, stateAfter.draft) : [];
  return {
    sessionId,
    text: reply,
    events,
    toolCalls,
    streamErrors,
    stateBefore,
    stateAfter,
    changes,
    changeDescription: describeChanges(changes),
    silent: reply.trim() === '',
    ...(broken ? { broken } : {}),
    ...(creditsBefore ? { creditsBefore } : {}),
    ...(creditsAfter ? { creditsAfter } : {}),
  };
}

/** A 5xx answer to the message itself: unlike a refusal, the message may have started. */
function serverErrorAfterSending(e: NemoError): NemoError {
  return new NemoError(e.kind, e.message, {
    code: e.code, status: e.status, path: e.path, requestId: e.requestId, cause: e, details: { ...e.details, interruption: 'server-error' },
  });
}

/**
 * The person stopped a turn that was already sent: one short read of the state, so the words can
 * say what it did so far, and that it may still run (and spend credits) on the server.
 */
async function stoppedAfterSending(t: Transport, sessionId: string, before: SessionState, e: unknown): Promise<NemoError> {
  let changed = '';
  try {
    const after = await getState(t, sessionId, AbortSignal.timeout(STOPPED_READ_MS));
    changed = after.rawDraft === before.rawDraft ? '' : describeChanges(diffDrafts(before.draft, after.draft));
  } catch {
    // Unknown is said as unknown: "may still change the timeline".
  }
  return new NemoError('aborted', l10n.t('Stopped waiting for the reply.'), { path: RUN_SSE_PATH, cause: e, details: { mayHaveRun: true, changed } });
}

/**
 * After a broken stream: polls the state until 5 consecutive polls see no new change to the draft.
 * A poll that fails counts as a quiet one (the network that broke the stream may still be down).
 * Returns the latest state read, or undefined when none could be read.
 */
async function pollUntilQuiet(
  t: Transport,
  sessionId: string,
  before: SessionState,
  hooks: TurnHooks,
  opts: TurnRunnerOptions,
): Promise<SessionState | undefined> {
  let latest: SessionState | undefined;
  let seen = before;
  let quiet = 0;
  while (quiet < QUIET_POLLS_BEFORE_GIVING_UP) {
    await opts.sleep(opts.pollIntervalMs ?? DEFAULT_BROKEN_POLL_MS, hooks.signal);
    let state: SessionState;
    try {
      state = await getState(t, sessionId, hooks.signal);
    } catch (e) {
      if (isAbort(e)) throw e;
      quiet++;
      continue;
    }
    latest = state;
    if (state.rawDraft !== seen.rawDraft) {
      // Reported as it happens: what changed since the last report.
      hooks.onChange?.(diffDrafts(seen.draft, state.draft), state);
      seen = state;
      quiet = 0;
    } else {
      quiet++;
    }
  }
  return latest;
}
