import { execFile } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';

/**
 * Where ffmpeg is: the `nemo.ffmpegPath` setting, else `NEMO_FFMPEG`, else `ffmpeg` on PATH. We never
 * ship ffmpeg (70 MB in a .vsix), so a missing one must end in a sentence that says how to install it
 * on this person's OS. Used by local export, `nemo doctor` and "Check Connection".
 */
export type FfmpegLocation =
  | { found: true; path: string; source: 'setting' | 'env' | 'path'; version: string }
  | {
    found: false;
    /** The whole sentence a person reads: what is wrong and what to do. */
    message: string;
    /** Just the install instruction for this OS (also inside `message` when ffmpeg is absent). */
    installHint: string;
  };

export interface LocateOptions {
  /** `nemo.ffmpegPath` (the CLI has no setting; it passes nothing). */
  setting?: string;
  env: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Contents of /etc/os-release (Linux); read from disk when absent. */
  osRelease?: string;
}

export async function locateFfmpeg(opts: LocateOptions): Promise<FfmpegLocation> {
  const platform = opts.platform ?? process.platform;
  const installHint = await installHintFor(platform, opts.osRelease);
  const chosen = opts.setting?.trim()
    ? { file: opts.setting.trim(), source: 'setting' as const, name: 'nemo.ffmpegPath' }
    : opts.env.NEMO_FFMPEG?.trim() ? { file: opts.env.NEMO_FFMPEG.trim(), source: 'env' as const, name: 'NEMO_FFMPEG' } : undefined;
  if (chosen) {
    if (!(await isExecutableFile(chosen.file, platform))) {
      return { found: false, installHint, message: l10n.t('{0} is set to "{1}", which is not an executable file. Point it at ffmpeg, or clear it to use ffmpeg from PATH.', chosen.name, chosen.file) };
    }
    return withVersion(chosen.file, chosen.source, installHint);
  }
  const onPath = await searchPath(opts.env, platform);
  if (!onPath) {
    return {
      found: false,
      installHint,
      message: l10n.t('ffmpeg was not found on PATH; local export needs it. {0} Or set nemo.ffmpegPath (NEMO_FFMPEG for the nemo command) to its full path.', installHint),
    };
  }
  return withVersion(onPath, 'path', installHint);
}

/** The install command for this OS, as one sentence. Linux picks the package manager from os-release. */
export async function installHintFor(platform: NodeJS.Platform, osRelease?: string): Promise<string> {
  if (platform === 'darwin') return l10n.t('Install it with: {0}', 'brew install ffmpeg');
  if (platform === 'win32') return l10n.t('Install it with: {0}', 'winget install --id Gyan.FFmpeg');
  const release = osRelease ?? await readFile('/etc/os-release', 'utf8').catch(() => '');
  return l10n.t('Install it with: {0}', linuxInstallCommand(release));
}

function linuxInstallCommand(osRelease: string): string {
  const ids = [field(osRelease, 'ID'), ...field(osRelease, 'ID_LIKE').split(/\s+/)].filter(Boolean);
  const has = (...names: string[]) => ids.some((id) => names.includes(id));
  if (has('debian', 'ubuntu')) return 'sudo apt install ffmpeg';
  if (has('fedora', 'rhel', 'centos')) return 'sudo dnf install ffmpeg';
  if (has('arch', 'manjaro')) return 'sudo pacman -S ffmpeg';
  if (has('opensuse', 'suse', 'sles')) return 'sudo zypper install ffmpeg';
  if (has('alpine')) return 'sudo apk add ffmpeg';
  return 'sudo apt install ffmpeg';
}

function field(osRelease: string, key: string): string {
  const m = new RegExp(`^${key}=(.*)$`, 'm').exec(osRelease);
  return m ? m[1].trim().replace(/^["']|["']$/g, '').toLowerCase() : '';
}

async function searchPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Promise<string | undefined> {
  const p = platform === 'win32' ? path.win32 : path.posix;
  const dirs = (env.PATH ?? env.Path ?? '').split(p.delimiter).filter(Boolean);
  const names = platform === 'win32'
    ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean).map((ext) => `ffmpeg${ext.toLowerCase()}`)
    : ['ffmpeg'];
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = p.join(dir, name);
      if (await isExecutableFile(candidate, platform)) return candidate;
    }
  }
  return undefined;
}

async function isExecutableFile(file: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    // Windows has no execute bit; existence is all access() can say there.
    await access(file, platform === 'win32' ? fsConstants.F_OK : fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs `ffmpeg -version` so "found" means "runs", and doctor can show which build it is. */
function withVersion(file: string, source: 'setting' | 'env' | 'path', installHint: string): Promise<FfmpegLocation> {
  return new Promise((resolve) => {
    execFile(file, ['-hide_banner', '-version'], { timeout: 10_000, windowsHide: true }, (err, stdout) => {
      const first = String(stdout).split(/\r?\n/, 1)[0] ?? '';
      const m = /^ffmpeg version (\S+)/.exec(first);
      if (err || !m) {
        resolve({ found: false, installHint, message: l10n.t('"{0}" could not be run as ffmpeg ({1}).', file, err ? err.message : first || '?') });
      } else {
        resolve({ found: true, path: file, source, version: m[1] });
      }
    });
  });
}
