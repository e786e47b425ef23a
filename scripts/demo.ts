// `npm run demo`: the whole product on this machine, no account and no internet. It starts the
// local Nemo emulator and drives the real `nemo` command (dist/cli.js, the same bundle users run)
// through a session: connect, send the demo prompt and show the streamed reply and the timeline,
// export with progress, download. The MP4 lands in ./videos/ and its path is printed.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, type Emulator } from '../test/emulator';

export const DEMO_PROMPT = "make a 10-second product demo of a smartwatch with upbeat background music and the title 'Tick'";

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface DemoOptions {
  /** The project folder: the video goes to <cwd>/videos. Default: the repository root. */
  cwd?: string;
  /** An emulator already running (tests pass theirs to inspect its requests); else one is started. */
  emulator?: Emulator;
  /** Where the demo's own lines and the CLI's output go. Default: this process's terminal. */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

export interface DemoResult {
  /** Absolute path of the MP4. */
  file: string;
  bytes: number;
  renderId: string;
}

interface CliRun {
  code: number | null;
  /** Captured only when asked (the export's JSON line); otherwise stdout streams straight through. */
  captured: string;
}

function runCli(args: string[], env: NodeJS.ProcessEnv, cwd: string, o: Required<Pick<DemoOptions, 'stdout' | 'stderr'>>, capture: boolean): Promise<CliRun> {
  const toTerminal = o.stdout === process.stdout && o.stderr === process.stderr;
  // Inheriting the terminal keeps the CLI's live progress line (it draws only on a TTY).
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env,
    stdio: ['ignore', capture || !toTerminal ? 'pipe' : 'inherit', toTerminal ? 'inherit' : 'pipe'],
  });
  let captured = '';
  child.stdout?.on('data', (b: Buffer) => (capture ? (captured += b.toString('utf8')) : o.stdout.write(b)));
  child.stderr?.on('data', (b: Buffer) => o.stderr.write(b));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, captured }));
  });
}

export async function runDemo(opts: DemoOptions = {}): Promise<DemoResult> {
  const io = { stdout: opts.stdout ?? process.stdout, stderr: opts.stderr ?? process.stderr };
  const say = (line: string): void => void io.stdout.write(line + '\n');
  const cwd = opts.cwd ?? ROOT;
  const emulator = opts.emulator ?? (await startEmulator());
  // A fresh NEMO_HOME: the demo never touches the real ~/.config/nemo, its token or sessions.
  const home = await fs.mkdtemp(path.join(os.tmpdir(), 'nemo-demo-'));
  const env: NodeJS.ProcessEnv = { ...process.env, NEMO_HOME: home, NEMO_API_BASE: emulator.url };
  delete env.NEMO_TOKEN;
  try {
    say(`Local Nemo emulator running at ${emulator.url} (render outputs served from ${emulator.cdnUrl}).`);
    say(`$ nemo --new-session chat "${DEMO_PROMPT}"`);
    const chat = await runCli(['--new-session', 'chat', DEMO_PROMPT], env, cwd, io, false);
    if (chat.code !== 0) throw new Error(`nemo chat exited with ${chat.code}`);

    say('$ nemo export --poll-interval 1 --json');
    const exp = await runCli(['export', '--poll-interval', '1', '--json'], env, cwd, io, true);
    if (exp.code !== 0) throw new Error(`nemo export exited with ${exp.code}`);
    const result = JSON.parse(exp.captured.trim()) as DemoResult;
    say(`Your video is ready: ${result.file} (${(result.bytes / 1024).toFixed(0)} KB).`);
    return result;
  } finally {
    await fs.rm(home, { recursive: true, force: true });
    if (!opts.emulator) await emulator.close();
  }
}

if (require.main === module) {
  runDemo().catch((e: unknown) => {
    process.stderr.write(`Demo failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
