// Runs a RenderPlan: writes its text files and the shipped font into a private working folder, starts
// ffmpeg there (so the filter string names only plain relative files), reads `-progress` for percent
// and elapsed time, and writes the MP4 through the same atomic writer as cloud downloads: a failure
// or a cancel (ffmpeg is killed) leaves no file under the final name.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as l10n from '@vscode/l10n';
import { writeFileAtomically, writeNewFile } from '../nemo/atomicFile';
import { abortedError } from '../nemo/auth';
import { NemoError } from '../nemo/errors';
import type { RenderPlan } from './plan';

export interface RenderProgress {
  /** 0-100, from ffmpeg's output time against the draft's duration. */
  percent: number;
  elapsedMs: number;
}

export interface RunOptions {
  ffmpegPath: string;
  /** The TTF drawtext uses (shippedFontPath() unless a test says otherwise). */
  fontPath: string;
  onProgress?: (p: RenderProgress) => void;
  signal?: AbortSignal;
  /** A video the person keeps: never replace a file, land under the first free `-2`, `-3`… twin instead. */
  newFile?: boolean;
}

export interface RunResult {
  path: string;
  bytes: number;
}

const FONT_NAME = 'DejaVuSans-Bold.ttf';

/**
 * The font that ships with the project (media/fonts), found from this module's folder: the sources
 * (src/localRender), the bundles (dist/) and the packaged extension all sit under the project root.
 */
export function shippedFontPath(from: string = __dirname): string {
  let dir = from;
  for (let up = 0; up < 4; up += 1) {
    const candidate = join(dir, 'media', 'fonts', FONT_NAME);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new NemoError('invalid-input', l10n.t('The font for local export ({0}) is missing from this installation; reinstall Nemo.', FONT_NAME));
}

export async function runRender(plan: RenderPlan, destPath: string, opts: RunOptions): Promise<RunResult> {
  if (opts.signal?.aborted) throw abortedError();
  const work = await mkdtemp(join(tmpdir(), 'nemo-render-'));
  try {
    await Promise.all([
      ...plan.textFiles.map((f) => writeFile(join(work, f.name), f.text, 'utf8')),
      copyFile(opts.fontPath, join(work, plan.fontFile)),
    ]);
    const render = (tmp: string) => runFfmpeg(plan, tmp, work, opts);
    const path = opts.newFile ? (await writeNewFile(destPath, render)).path : (await writeFileAtomically(destPath, render), destPath);
    return { path, bytes: (await stat(path)).size };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function runFfmpeg(plan: RenderPlan, output: string, cwd: string, opts: RunOptions): Promise<void> {
  const started = Date.now();
  const args = ['-loglevel', 'error', '-progress', 'pipe:1', '-nostats', ...plan.args, output];
  return new Promise((resolve, reject) => {
    const child = spawn(opts.ffmpegPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stderr = '';
    let pending = '';
    let lastPercent = -1;
    const onAbort = () => child.kill('SIGKILL');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    child.stdout.on('data', (d: Buffer) => {
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const percent = progressPercent(line, plan.durationMs);
        if (percent === undefined || percent === lastPercent) continue;
        lastPercent = percent;
        opts.onProgress?.({ percent, elapsedMs: Date.now() - started });
      }
    });
    child.on('error', (err) => {
      opts.signal?.removeEventListener('abort', onAbort);
      reject(new NemoError('invalid-input', l10n.t('ffmpeg could not be started ({0}): {1}', opts.ffmpegPath, err.message), { cause: err }));
    });
    child.on('close', (code) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (opts.signal?.aborted) return reject(abortedError());
      if (code === 0) return resolve();
      const why = stderr.trim().split(/\r?\n/).slice(-3).join(' ') || l10n.t('exit code {0}', String(code));
      reject(new NemoError('render-failed', l10n.t('The local render failed: ffmpeg stopped with an error ({0}).', why), { details: { exitCode: code ?? -1 } }));
    });
  });
}

/** One `-progress` line → whole percent, or undefined for lines that carry no position. */
export function progressPercent(line: string, durationMs: number): number | undefined {
  if (line.trim() === 'progress=end') return 100;
  const m = /^out_time_(?:us|ms)=(\d+)\s*$/.exec(line);
  if (!m || durationMs <= 0) return undefined;
  // Both keys are microseconds (out_time_ms is misnamed in ffmpeg).
  return Math.min(99, Math.floor(Number(m[1]) / 1000 / durationMs * 100));
}
