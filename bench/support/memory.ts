// Peak memory of the current process during one operation. Linux keeps the peak resident set
// (VmHWM) and lets a process reset it (writing 5 to /proc/self/clear_refs), which catches peaks a
// timer would miss; a 5 ms sampler of process.memoryUsage.rss() is the fallback elsewhere.
import { readFileSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * A full garbage collection, so one sample does not pay for the garbage of the one before (the
 * flag can be turned on at run time; a fresh context then exposes `gc`).
 */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

function statusKiB(field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

export interface MemoryPeak {
  baselineBytes: number;
  peakBytes: number;
  growthBytes: number;
  method: 'VmHWM' | 'sampled';
}

/** Runs `op` and reports how far the resident set grew above where it was just before. */
export async function measurePeakRss<T>(op: () => Promise<T>): Promise<{ value: T; memory: MemoryPeak }> {
  collectGarbage();
  const hwm = resetPeak();
  const baselineBytes = process.memoryUsage.rss();
  let sampled = baselineBytes;
  const timer = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 5);
  try {
    const value = await op();
    sampled = Math.max(sampled, process.memoryUsage.rss());
    const kernelPeak = hwm ? statusKiB('VmHWM') : undefined;
    const peakBytes = kernelPeak !== undefined ? Math.max(kernelPeak * 1024, sampled) : sampled;
    return { value, memory: { baselineBytes, peakBytes, growthBytes: peakBytes - baselineBytes, method: kernelPeak !== undefined ? 'VmHWM' : 'sampled' } };
  } finally {
    clearInterval(timer);
  }
}
