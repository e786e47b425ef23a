// `npm run bench [-- --quick] [-- --only sse,upload]`: runs the benchmarks one after another (they
// would disturb each other in parallel), prints a table and writes bench/results/latest.json.
// Missed targets are reported, never fatal: benchmarks are not tests. A benchmark that crashes
// makes the exit code 1, so the quick mode works as a CI smoke check that they still run.
import { Command } from 'commander';
import { join } from 'node:path';
import { activationBench } from './activation/activation';
import { exportLatencyBench } from './exportLatency';
import { jobBench } from './job/jobOverhead';
import { localRenderBench } from './localRender/localRender';
import type { Benchmark, BenchContext } from './figures';
import { describeMachine } from './machine';
import { downloadBench } from './transfer/download';
import { uploadBench } from './transfer/upload';
import { formatTable, writeResults, type RunReport } from './report';
import { sseTurnBench } from './sse/sseTurn';
import { timelineBench } from './timeline/timeline';

const ALL: Benchmark[] = [activationBench, sseTurnBench, uploadBench, downloadBench, exportLatencyBench, timelineBench, jobBench, localRenderBench];

async function main(): Promise<void> {
  const opts = new Command('bench')
    .option('--quick', 'smaller sizes and fewer repeats (a smoke check, under 2 minutes)', false)
    .option('--only <names>', `comma-separated subset of: ${ALL.map((b) => b.name).join(', ')}`)
    .parse()
    .opts<{ quick: boolean; only?: string }>();
  const wanted = opts.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted?.filter((w) => !ALL.some((b) => b.name === w)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}`);
  const chosen = wanted ? ALL.filter((b) => wanted.includes(b.name)) : ALL;

  const started = performance.now();
  const ctx: BenchContext = { quick: opts.quick, log: (line) => process.stderr.write(`  ${line}\n`) };
  const report: RunReport = { machine: describeMachine(), mode: opts.quick ? 'quick' : 'full', durationS: 0, benchmarks: [] };
  for (const b of chosen) {
    process.stderr.write(`${b.title}\n`);
    const t0 = performance.now();
    try {
      report.benchmarks.push({ name: b.name, title: b.title, figures: await b.run(ctx) });
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      process.stderr.write(`  FAILED: ${message}\n`);
      report.benchmarks.push({ name: b.name, title: b.title, figures: [], error: message });
    }
    process.stderr.write(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);
  }
  report.durationS = (performance.now() - started) / 1000;
  process.stdout.write(formatTable(report));
  const file = await writeResults(report, join(__dirname, 'results'));
  process.stdout.write(`results: ${file}\n`);
  if (report.benchmarks.some((b) => b.error)) process.exitCode = 1;
}

main().catch((err: Error) => {
  process.stderr.write(`bench: ${err.message}\n`);
  process.exitCode = 1;
});
