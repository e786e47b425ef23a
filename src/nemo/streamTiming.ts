// How long a reply stream may run and stay quiet: the three limits in one place (contract, "Observed
// in Nemo's own skill and clients"). Nemo's own reference takes a turn as timed out only after 10
// minutes of heartbeats and nothing else, and caps the whole stream at 15 minutes (`--max-time 900`).
// A socket that carries no bytes at all is given as long as that silence: anything shorter would cut a
// turn the service still counts as alive. A person may change the two limits (the editor's
// `nemo.streamSilenceSeconds` / `nemo.streamMaxSeconds`, the CLI's flags and environment); their
// values are checked here, once, for every front end. Undici-free: the extension imports it.
import * as l10n from '@vscode/l10n';
import { NemoError } from './errors';

export interface StreamTiming {
  /** Heartbeats and keep-alives only (no text, no tool events) for this long: the turn timed out. */
  heartbeatOnlyMs: number;
  /** Not one byte on the socket for this long: the stream is broken. */
  socketIdleMs: number;
  /** The whole turn, whatever it carries. */
  maxTurnMs: number;
}

export const DEFAULT_STREAM_TIMING: Readonly<StreamTiming> = Object.freeze({
  heartbeatOnlyMs: 10 * 60_000,
  socketIdleMs: 10 * 60_000,
  maxTurnMs: 15 * 60_000,
});

/** The limits with the caller's overrides (undefined keeps the default). */
export function streamTiming(over: Partial<StreamTiming> = {}): StreamTiming {
  return {
    heartbeatOnlyMs: over.heartbeatOnlyMs ?? DEFAULT_STREAM_TIMING.heartbeatOnlyMs,
    socketIdleMs: over.socketIdleMs ?? DEFAULT_STREAM_TIMING.socketIdleMs,
    maxTurnMs: over.maxTurnMs ?? DEFAULT_STREAM_TIMING.maxTurnMs,
  };
}

/** What a person may set, in seconds; undefined keeps the documented limit. */
export interface StreamLimits {
  silenceSeconds?: unknown;
  maxSeconds?: unknown;
}

/** A day: a longer wait is a mistake, not a preference. */
export const MAX_STREAM_LIMIT_SECONDS = 86_400;

/**
 * The person's limits → the one StreamTiming. `names` are how the person set them (a setting, a flag
 * and its variable), for the words of a bad value. The socket is as patient as the silence limit.
 * An unset silence limit longer than a set cap is shortened to the cap; a set one longer is refused.
 */
export function streamTimingFromSeconds(limits: StreamLimits, names: { silence: string; max: string }): StreamTiming {
  const seconds = (value: unknown, name: string): number | undefined => {
    if (value === undefined || value === null || value === '') return undefined;
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
    if (!Number.isFinite(n) || n < 1 || n > MAX_STREAM_LIMIT_SECONDS) {
      throw new NemoError('invalid-input', l10n.t('{0} must be a number of seconds from 1 to {1}.', name, MAX_STREAM_LIMIT_SECONDS), { details: { setting: name } });
    }
    return n;
  };
  const silence = seconds(limits.silenceSeconds, names.silence);
  const max = seconds(limits.maxSeconds, names.max);
  const maxTurnMs = max === undefined ? DEFAULT_STREAM_TIMING.maxTurnMs : Math.round(max * 1000);
  if (silence !== undefined && silence * 1000 > maxTurnMs) {
    throw new NemoError('invalid-input', l10n.t('{0} ({1} s) cannot be longer than {2} ({3} s): a reply is stopped at {3} s anyway.', names.silence, silence, names.max, maxTurnMs / 1000),
      { details: { setting: names.silence } });
  }
  const heartbeatOnlyMs = silence === undefined ? Math.min(DEFAULT_STREAM_TIMING.heartbeatOnlyMs, maxTurnMs) : Math.round(silence * 1000);
  return { heartbeatOnlyMs, socketIdleMs: heartbeatOnlyMs, maxTurnMs };
}

/** A limit in the words of the messages that name it: whole minutes as minutes, else seconds. */
export function limitWords(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return ms === 60_000 ? l10n.t('1 minute') : l10n.t('{0} minutes', ms / 60_000);
  const seconds = Math.max(1, Math.round(ms / 1000));
  return seconds === 1 ? l10n.t('1 second') : l10n.t('{0} seconds', seconds);
}
