// Child processes: a measurement that needs a fresh module cache or its own memory figures runs in
// a process of its own, and servers run apart from the client they serve so the two do not share
// an event loop. A child reports by printing one line `RESULT <json>` on stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
const RESULT_PREFIX = 'RESULT ';

/** Prints the child's result for the parent (see runForResult). */
export function reportResult(value: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(value)}\n`);
}

export interface RunOptions {
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Extra node flags (e.g. --expose-gc). */
  nodeArgs?: string[];
}

/** Node flags that let a child run TypeScript sources. */
export const TSX = ['--import', 'tsx'];

function collect(child: ChildProcess, what: string, timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} took longer than ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${what} exited with ${code ?? signal}: ${stderr.trim().slice(-2000)}`));
    });
  });
}

/** Runs `node [nodeArgs] script args` and returns what it reported. */
export async function runForResult<T>(script: string, args: string[], opts: RunOptions = {}): Promise<T> {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), script, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { stdout } = await collect(child, script, opts.timeoutMs ?? 300_000);
  const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (!line) throw new Error(`${script} reported nothing`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as T;
}

/** Runs an external command (curl) to completion; returns its stdout and the wall time. */
export async function runCommand(cmd: string, args: string[], timeoutMs = 300_000): Promise<{ stdout: string; ms: number }> {
  const t0 = performance.now();
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const { stdout } = await collect(child, cmd, timeoutMs);
  return { stdout, ms: performance.now() - t0 };
}

/** A long-running child that prints `RESULT <json>` once it is ready (a server and its address). */
export async function startServerChild<T>(script: string, args: string[], opts: RunOptions = {}): Promise<{ info: T; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), script, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const info = await new Promise<T>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 30 s: ${stderr.slice(-1000)}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      buffered += d.toString();
      const line = buffered.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as T);
      }
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready: ${stderr.slice(-1000)}`));
    });
  });
  return {
    info,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
