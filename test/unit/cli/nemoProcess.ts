// Runs the real `nemo` bundle (dist/cli.js) as a child process against an emulator, with NEMO_HOME
// and the working directory in a temp folder, and collects what it printed and how it exited.
import { execFile, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

/** Builds the bundles the way `npm run build` does, so the tests run the shipped file. */
export async function buildCli(): Promise<void> {
  await promisify(execFile)(process.execPath, ['esbuild.mjs'], { cwd: ROOT });
}

export interface NemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Sandbox {
  home: string;
  /** A project folder: the CLI's working directory. */
  cwd: string;
  root: string;
  cleanup(): Promise<void>;
}

export async function makeSandbox(): Promise<Sandbox> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'nemo-cli-'));
  const home = path.join(root, 'home');
  const cwd = path.join(root, 'project');
  await fs.mkdir(cwd);
  return { root, home, cwd, cleanup: () => fs.rm(root, { recursive: true, force: true }) };
}

export interface RunOptions {
  apiBase: string;
  sandbox: Sandbox;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Run as this user (and group of the same id): file permissions bind only a user other than root. */
  uid?: number;
}

export function nemo(args: readonly string[], o: RunOptions): Promise<NemoRun> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: o.sandbox.root,
    LANG: 'en_US.UTF-8',
    NEMO_HOME: o.sandbox.home,
    NEMO_API_BASE: o.apiBase,
    ...o.env,
  };
  const user = o.uid === undefined ? {} : { uid: o.uid, gid: o.uid };
  const child = spawn(process.execPath, [CLI, ...args], { cwd: o.cwd ?? o.sandbox.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], ...user });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** stdout under --json: exactly one line holding one JSON object. */
export function onlyJsonLine(run: NemoRun): Record<string, unknown> {
  const lines = run.stdout.split('\n');
  if (lines.length !== 2 || lines[1] !== '') throw new Error(`stdout is not one line: ${JSON.stringify(run.stdout)} (stderr: ${run.stderr})`);
  const value = JSON.parse(lines[0]) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`not a JSON object: ${lines[0]}`);
  return value as Record<string, unknown>;
}

/**
 * A CLI suite's set-up: the bundle built and an emulator started once, a reset emulator and a fresh
 * sandbox for each test. Read `emu` and `box` inside the tests (they are set by the hooks).
 */
export function useCliSandbox(options: EmulatorOptions = { turnDelayMs: 1 }): { readonly emu: Emulator; readonly box: Sandbox } {
  let emu: Emulator | undefined;
  let box: Sandbox | undefined;
  before(async () => {
    await buildCli();
    emu = await startEmulator(options);
  });
  after(() => emu?.close());
  beforeEach(async () => {
    emu?.reset();
    box = await makeSandbox();
  });
  afterEach(() => box?.cleanup());
  return {
    get emu() {
      if (!emu) throw new Error('the emulator starts in before()');
      return emu;
    },
    get box() {
      if (!box) throw new Error('the sandbox is made in beforeEach()');
      return box;
    },
  };
}
