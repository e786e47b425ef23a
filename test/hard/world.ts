// What the hard cases run on: one emulator per file (real sockets), a fresh NEMO_HOME and project
// folder per case, and the shipped `dist/cli.js` in a child process. Registers its own mocha hooks.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator';
import { CLI, buildCli, makeSandbox, nemo, type NemoRun, type Sandbox } from '../unit/cli/nemoProcess';

export interface CliWorld {
  emu: Emulator;
  box: Sandbox;
  /** `nemo ...args` in the case's project folder, polling fast. */
  run(args: readonly string[], extra?: { cwd?: string; env?: NodeJS.ProcessEnv; uid?: number }): Promise<NemoRun>;
  /** A JSON file in NEMO_HOME, or undefined when absent. */
  homeJson(name: string): Promise<unknown>;
  /** API requests whose path starts with `prefix`. */
  apiCalls(prefix: string): number;
}

export const FAST = ['--poll-interval', '0.05'];

/** One emulator for the file's client-level cases (no CLI), reset before each case. */
export function emulatorWorld(opts: EmulatorOptions = {}): { emu: Emulator } {
  const world = {} as { emu: Emulator };
  before(async () => {
    world.emu = await startEmulator({ turnDelayMs: 1, heartbeatMs: 50, startingCredits: 1000, ...opts });
  });
  after(async () => world.emu?.close());
  beforeEach(() => world.emu.reset());
  return world;
}

export function cliWorld(opts: EmulatorOptions = {}, { build = true } = {}): CliWorld {
  const world = {} as CliWorld;
  before(async function () {
    this.timeout(120_000);
    if (build) await buildCli();
    world.emu = await startEmulator({ renderMs: 300, turnDelayMs: 1, heartbeatMs: 200, startingCredits: 1000, ...opts });
  });
  after(async () => {
    await world.emu?.close();
  });
  beforeEach(async () => {
    world.emu.reset();
    world.box = await makeSandbox();
  });
  afterEach(async () => {
    await world.box.cleanup();
  });
  world.run = (args, extra = {}) => nemo([...FAST, ...args], { apiBase: world.emu.url, sandbox: world.box, ...extra });
  world.homeJson = async (name) => {
    try {
      return JSON.parse(await fs.readFile(path.join(world.box.home, name), 'utf8')) as unknown;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  };
  world.apiCalls = (prefix) => world.emu.requests.filter((r) => r.origin === 'api' && r.path.startsWith(prefix)).length;
  return world;
}

/** A `nemo` run in progress: what it printed so far, and how it ends. */
export interface StartedNemo {
  output(): string;
  kill(signal: NodeJS.Signals): void;
  /** Called after each chunk of output. */
  onOutput(listener: () => void): void;
  done: Promise<NemoRun>;
}

/** `nemo ...args` started in the case's folder (or `cwd`), not awaited. */
export function startNemo(w: CliWorld, args: readonly string[], cwd = w.box.cwd): StartedNemo {
  const child = spawn(process.execPath, [CLI, ...FAST, ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: w.box.root, LANG: 'en_US.UTF-8', NEMO_HOME: w.box.home, NEMO_API_BASE: w.emu.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners: Array<() => void> = [];
  const told = (): void => listeners.forEach((l) => l());
  child.stdout.setEncoding('utf8').on('data', (s: string) => { stdout += s; told(); });
  child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr += s; told(); });
  return {
    output: () => stdout + stderr,
    kill: (signal) => child.kill(signal),
    onOutput: (l) => listeners.push(l),
    done: new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    }),
  };
}

/**
 * `nemo ...args` started in the case's folder; `signal` is sent once stdout+stderr match
 * `signalWhen`, or once it (a function) answers true: a condition, not a delay. Resolves with what
 * the run printed and its exit code.
 */
export async function nemoSignalled(
  w: CliWorld,
  args: readonly string[],
  signalWhen: RegExp | (() => Promise<boolean>),
  signal: NodeJS.Signals,
): Promise<NemoRun & { signalled: boolean }> {
  const run = startNemo(w, args);
  let signalled = false;
  const send = (): void => {
    if (signalled) return;
    signalled = true;
    run.kill(signal);
  };
  if (signalWhen instanceof RegExp) run.onOutput(() => signalWhen.test(run.output()) && send());
  const probe = signalWhen instanceof RegExp ? undefined : setInterval(() => {
    void signalWhen().then((yes) => yes && send(), () => undefined);
  }, 20);
  try {
    return { ...(await run.done), signalled };
  } finally {
    clearInterval(probe);
  }
}

/** Hidden partial downloads (`.<name>.part-…`) in a folder; none when it does not exist. */
export async function partFiles(dir: string): Promise<string[]> {
  try {
    return (await fs.readdir(dir)).filter((n) => n.includes('.part'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}
