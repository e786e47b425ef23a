// Child processes the harness starts (code-server, the emulator) each run in their own process
// group, so stopping one also stops what it spawned (code-server's extension host, ffmpeg). Every
// group is killed when the harness exits, fails, or receives SIGINT/SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Started {
  readonly name: string;
  readonly child: ChildProcess;
  /** What the process printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Kills the whole process group and waits until the leader exited. */
  stop(): Promise<void>;
}

const live = new Set<Started>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  // Synchronous last resort: 'exit' handlers cannot wait, so they only send the signal.
  process.on('exit', () => {
    for (const p of live) killGroup(p.child, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      void stopAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}

export interface StartOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the output is written as well (kept for CI artifacts and post-mortems). */
  logFile: string;
}

export function startGroup(name: string, command: string, args: readonly string[], opts: StartOptions): Started {
  hookExit();
  mkdirSync(dirname(opts.logFile), { recursive: true });
  const log = createWriteStream(opts.logFile);
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const collect = (chunk: Buffer): void => {
    log.write(chunk);
    text += chunk.toString('utf8');
    if (text.length > 200_000) text = text.slice(-100_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const started: Started = {
    name,
    child,
    output: () => text,
    async stop() {
      live.delete(started);
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      // Grandchildren that ignored SIGTERM: the leader is gone but the group may not be.
      killGroup(child, 'SIGKILL');
      log.end();
    },
  };
  child.once('error', (err) => collect(Buffer.from(`\n[spawn error] ${err.message}\n`)));
  live.add(started);
  return started;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop()));
}

/** Runs a command to completion; rejects with its output when it fails. */
export function run(command: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${out.slice(-4000)}`));
    });
  });
}
