// 7. A whole job: `nemo generate "<prompt>" --export` (the shipped dist/cli.js, a fresh process) from
// the prompt to the MP4 on disk, against the emulator in its own process with its agent and render
// delays at zero, next to rawJob.ts (plain undici requests, the same requests in the same order)
// in the same run. Both poll at the same fixed 50 ms (the schedule's waits are policy, measured by
// the export-latency benchmark; here they would only hide what the client costs), so with a render
// that is done at once each makes one poll. Where the time goes comes from the emulator's request
// log, read the same way for both: the arrival of each request marks the end of the step before it.
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { compared, type Benchmark, type Figure } from '../figures';
import { spread } from '../stats';
import { REPO_ROOT } from '../support/children';
import { startEmulatorProcess, type EmulatorProcess } from '../support/emulator';
import { withTempDir } from '../support/tempFiles';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const PROMPT = 'make a 10-second product demo';
const POLL_MS = 50;

interface Logged { origin: string; method: string; path: string; at: number }

/** The steps of a job, each ending where the next begins (request arrivals in the emulator's log). */
const PHASES = ['start-up', 'token', 'session', 'reads before the turn', 'turn (run_sse)', 'reads after the turn, export state', 'submit and polls', 'download, fsync, exit'] as const;
type Phase = (typeof PHASES)[number];

interface JobSample { totalMs: number; phases: Record<Phase, number>; polls: number }

/** Splits one job's wall time by the arrivals of the requests that start each step. */
function phasesOf(log: readonly Logged[], spawnedAt: number, exitedAt: number): JobSample {
  const find = (pred: (r: Logged) => boolean, from = 0) => {
    const i = log.findIndex((r, k) => k >= from && pred(r));
    if (i < 0) throw new Error(`job log lacks a step: ${log.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    return i;
  };
  const session = find((r) => r.path.startsWith('/api/tasks/'));
  const turn = find((r) => r.path === '/run_sse');
  const submit = find((r) => r.method === 'POST' && r.path === '/api/render/proxy/lambda');
  const cdn = find((r) => r.origin === 'cdn');
  const marks = [spawnedAt, log[0].at, log[session].at, log[session + 1].at, log[turn].at, log[turn + 1].at, log[submit].at, log[cdn].at, exitedAt];
  const phases = Object.fromEntries(PHASES.map((p, i) => [p, marks[i + 1] - marks[i]])) as Record<Phase, number>;
  return { totalMs: exitedAt - spawnedAt, phases, polls: cdn - submit - 1 };
}

async function runProcess(args: string[], cwd: string, env: Record<string, string>): Promise<{ spawnedAt: number; exitedAt: number }> {
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, LANG: 'en_US.UTF-8', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const exitedAt = Date.now();
  if (code !== 0) throw new Error(`${args.slice(0, 2).join(' ')} exited with ${code}: ${stderr.slice(-1000)}`);
  return { spawnedAt, exitedAt };
}

async function requestLog(emu: EmulatorProcess): Promise<Logged[]> {
  const res = await request(`${emu.url}/__emulator/requests`);
  return ((await res.body.json()) as { requests: Logged[] }).requests;
}

export const jobBench: Benchmark = {
  name: 'job',
  title: '7. Whole job: prompt → MP4 through the CLI (emulator, no agent or render delay)',
  async run(ctx) {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`node esbuild.mjs\` first`);
    const reps = ctx.quick ? 3 : 10;
    return withTempDir(async (dir) => {
      const raw = join(dir, 'rawJob.cjs');
      await esbuild.build({ bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', entryPoints: [join(__dirname, 'rawJob.ts')], outfile: raw });
      const emu = await startEmulatorProcess();
      try {
        await emu.control('/options', { renderMs: 0, turnDelayMs: 0 });
        const runOne = async (who: 'ours' | 'raw', n: number): Promise<JobSample> => {
          const cwd = join(dir, `${who}-${n}`);
          await mkdir(cwd);
          await emu.control('/reset');
          const args = who === 'ours'
            ? [CLI, 'generate', PROMPT, '--export', '--poll-interval', String(POLL_MS / 1000)]
            : [raw, emu.url, cwd, String(POLL_MS), PROMPT];
          const { spawnedAt, exitedAt } = await runProcess(args, cwd, { NEMO_HOME: join(cwd, '.nemo'), NEMO_API_BASE: emu.url });
          const sample = phasesOf(await requestLog(emu), spawnedAt, exitedAt);
          await rm(cwd, { recursive: true, force: true });
          return sample;
        };
        // Warm-up: the emulator's first encode of this draft (cached after), the page cache, the JIT.
        await runOne('ours', -1);
        await runOne('raw', -1);
        const ours: JobSample[] = [];
        const refs: JobSample[] = [];
        for (let i = 0; i < reps; i++) {
          // Alternating order, so drift in the machine's load hits both alike.
          for (const who of i % 2 === 0 ? (['ours', 'raw'] as const) : (['raw', 'ours'] as const)) {
            (who === 'ours' ? ours : refs).push(await runOne(who, i));
          }
          ctx.log(`#${i + 1}: ours ${ours[i].totalMs} ms (start-up ${ours[i].phases['start-up']} ms), raw undici ${refs[i].totalMs} ms (start-up ${refs[i].phases['start-up']} ms)`);
        }
        return figures(ours, refs);
      } finally {
        await emu.stop();
      }
    });
  },
};

function figures(ours: JobSample[], refs: JobSample[]): Figure[] {
  const ref = 'raw undici script, same requests';
  const afterStartUp = (s: JobSample) => s.totalMs - s.phases['start-up'];
  const whole = compared(
    { id: 'job.total', label: 'prompt → MP4 on disk, process spawn to exit', unit: 'ms', notes: { prompt: PROMPT, pollMs: POLL_MS, oursPolls: spread(ours.map((s) => s.polls)).median, rawPolls: spread(refs.map((s) => s.polls)).median } },
    spread(ours.map((s) => s.totalMs)), ref, spread(refs.map((s) => s.totalMs)),
  );
  const work = compared(
    { id: 'job.afterStartUp', label: 'same, from the first request to exit (process start-up left out)', unit: 'ms' },
    spread(ours.map(afterStartUp)), ref, spread(refs.map(afterStartUp)),
  );
  work.target = { text: '≤ 1.2× (plus start-up)', met: (work.ratio ?? Infinity) <= 1.2 };
  const steps = PHASES.map((p) => compared(
    { id: `job.phase.${p.replace(/\W+/g, '-')}`, label: `  step: ${p}`, unit: 'ms' },
    spread(ours.map((s) => s.phases[p])), ref, spread(refs.map((s) => s.phases[p])),
  ));
  return [whole, work, ...steps];
}
