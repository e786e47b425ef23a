// What the hard cases run on: one emulator per file (real sockets), a fresh NEMO_HOME and project
// folder per case, and the shipped `dist/cli.js` in a child process. Registers its own mocha hooks.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator';
import { buildCli, makeSandbox, nemo, type NemoRun, type Sandbox } from '../unit/cli/nemoProcess';

export interface CliWorld {
  emu: Emulator;
  box: Sandbox;
  /** `nemo ...args` in the case's project folder, polling fast. */
  run(args: readonly string[], extra?: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<NemoRun>;
  /** A JSON file in NEMO_HOME, or undefined when absent. */
  homeJson(name: string): Promise<unknown>;
  /** API requests whose path starts with `prefix`. */
  apiCalls(prefix: string): number;
}

export const FAST = ['--poll-interval', '0.05'];

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
