// A whole turn as the user experiences it: the state before, the streamed reply, the state after and
// what changed in the draft. Two situations shape it:
//  - a silent turn (about 30% of edits produce no text): the change is described from the drafts;
//  - a broken stream (reset, idle timeout, the 15-minute cap): the message may have run, so it is
//    never resent; the state is polled instead, changes are reported as they appear, and polling
//    stops after 5 consecutive polls that saw nothing new.
import { describeChanges, diffDrafts, type DraftChange } from '../draft/diff';
import { getCredits, type Credits } from './credits';
import { NemoError, isAbort, isNemoError, type NemoErrorKind } from './errors';
import { getState, type SessionState } from './state';
import type { Sleep, Transport } from './transport';
import { sendMessage, type TurnOptions } from './turn';
import type { TurnEvent } from './turnEvents';

export const DEFAULT_BROKEN_POLL_MS = 30_000;
export const QUIET_POLLS_BEFORE_GIVING_UP = 5;
export const DEFAULT_STILL_WORKING_MS = 2 * 60_000;
const BROKEN_KINDS: ReadonlySet<NemoErrorKind> = new Set(['stream', 'timeout', 'connection']);

export interface TurnHooks {
  onEvent?: (event: TurnEvent) => void;
  /** Called after every `stillWorkingMs` without new text while the turn runs. */
  onStillWorking?: (elapsedMs: number) => void;
  /** The stream broke; the state is being polled. */
  onBroken?: (error: NemoError) => void;
  /** Polling after a broken stream saw the draft change. */
  onChange?: (changes: DraftChange[], state: SessionState) => void;
  signal?: AbortSignal;
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
  /** The stream broke; what is known came from polling the state. */
  broken?: NemoError;
  creditsBefore?: Credits;
  creditsAfter?: Credits;
}

export interface TurnRunnerOptions extends Omit<TurnOptions, 'signal'> {
  sleep: Sleep;
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
  try {
    for await (const ev of sendMessage(t, sessionId, text, { ...opts, signal })) {
      events.push(ev);
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
    // Only a stream that broke, or a request whose answer was lost, may have run unseen: poll.
    // A refusal (didNothing), an error answer such as a 5xx, or a cancellation goes to the caller.
    if (!isNemoError(e) || e.didNothing || !BROKEN_KINDS.has(e.kind)) throw e;
    broken = e;
  } finally {
    still.stop();
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
