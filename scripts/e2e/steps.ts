// Every harness step prints what it is doing and how long it took, so a slow or stuck CI run
// shows where the time went without re-running it.

const started = Date.now();

function clock(): string {
  return `+${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s`;
}

export function note(message: string): void {
  process.stdout.write(`${clock()}   ${message}\n`);
}

export async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  process.stdout.write(`${clock()} ▶ ${name}\n`);
  try {
    const result = await run();
    process.stdout.write(`${clock()} ✔ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    return result;
  } catch (err) {
    process.stdout.write(`${clock()} ✘ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
    throw err;
  }
}

/** Thrown from a waitUntil probe when waiting longer cannot help (the process died). */
export class GiveUp extends Error {}

/**
 * Polls `probe` until it returns something other than undefined. The harness never sleeps for a
 * fixed time: it waits for a condition, and a timeout names the condition that never came.
 */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      if (err instanceof GiveUp) throw err;
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
