// 5. Export latency on a simulated clock: renders finish at seeded random times after submit; the
// client polls on a schedule and, on the first poll that sees "completed", downloads the file (a
// constant time). Figure: from the render completing to the file complete on disk, and how many
// polls it took, under our schedule (renderPollDelayMs, exactly as renders.ts waits: sleep, then
// poll) vs a fixed 30 s step (the contract's documented interval).
import { renderPollDelayMs } from '../src/nemo/renderSchedule';
import { compared, type Benchmark, type Figure } from './figures';
import { mean, quantile, seededRandom, spread } from './stats';

/** A 500 MB output at the ~250 MB/s the download benchmark sees on loopback; the same for both. */
const DOWNLOAD_MS = 2_000;
const FIXED_MS = 30_000;
const SEED = 20_261_128;

interface Outcome { latencyMs: number; polls: number }

/** Polls until one lands at or after `doneAtMs` (ms after submit). */
export function simulate(doneAtMs: number, delay: (pollIndex: number) => number): Outcome {
  let t = 0;
  for (let i = 0; ; i++) {
    t += delay(i);
    if (t >= doneAtMs) return { latencyMs: t - doneAtMs + DOWNLOAD_MS, polls: i + 1 };
  }
}

interface Scenario { id: string; label: string; minMs: number; maxMs: number }

const SCENARIOS: Scenario[] = [
  { id: 'contract', label: 'renders of 30–90 s (the contract)', minMs: 30_000, maxMs: 90_000 },
  { id: 'wide', label: 'renders of 5 s–5 min', minMs: 5_000, maxMs: 300_000 },
];

function run(s: Scenario, samples: number): Figure[] {
  const random = seededRandom(SEED);
  const ours: Outcome[] = [];
  const fixed: Outcome[] = [];
  for (let i = 0; i < samples; i++) {
    const doneAt = s.minMs + random() * (s.maxMs - s.minMs);
    ours.push(simulate(doneAt, (k) => renderPollDelayMs(k)));
    fixed.push(simulate(doneAt, (k) => renderPollDelayMs(k, FIXED_MS)));
  }
  const secs = (o: Outcome[]) => o.map((x) => x.latencyMs / 1000);
  const notes = (o: Outcome[], prefix: string) => ({
    [`${prefix}MeanS`]: Math.round(mean(secs(o)) * 100) / 100,
    [`${prefix}P90S`]: Math.round(quantile(secs(o), 0.9) * 100) / 100,
    [`${prefix}MeanPolls`]: Math.round(mean(o.map((x) => x.polls)) * 100) / 100,
  });
  return [
    compared(
      { id: `export.${s.id}.latency`, label: `${s.label}: completion → file on disk`, unit: 's', notes: { samples, seed: SEED, downloadMs: DOWNLOAD_MS, ...notes(ours, 'ours'), ...notes(fixed, 'fixed') } },
      spread(secs(ours)), 'fixed 30 s polling', spread(secs(fixed)),
    ),
    compared(
      { id: `export.${s.id}.polls`, label: `${s.label}: polls made`, unit: 'polls' },
      spread(ours.map((x) => x.polls)), 'fixed 30 s polling', spread(fixed.map((x) => x.polls)),
    ),
  ];
}

export const exportLatencyBench: Benchmark = {
  name: 'export',
  title: '5. Export latency (simulated clock, seeded render times)',
  async run(ctx) {
    const samples = ctx.quick ? 10_000 : 100_000;
    ctx.log(`${samples} seeded renders per scenario, download ${DOWNLOAD_MS} ms`);
    return SCENARIOS.flatMap((s) => run(s, samples));
  },
};
