// How long a reply stream may run and stay quiet: the three limits in one place (contract, "Observed
// in Nemo's own skill and clients"). Nemo's own reference takes a turn as timed out only after 10
// minutes of heartbeats and nothing else, and caps the whole stream at 15 minutes (`--max-time 900`).
// A socket that carries no bytes at all is given as long as that silence: anything shorter would cut a
// turn the service still counts as alive.

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
