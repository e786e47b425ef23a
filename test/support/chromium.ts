// The one way the page tests, the benchmarks and the e2e harness get a headless Chromium: the
// system's (/usr/bin/chromium) where there is one, else the build the @sparticuz/chromium npm
// package carries, so `npm install` is all a fresh machine needs. NEMO_CHROMIUM=npm skips the system
// browser (CI runs the page tests that way to prove the npm one works).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, chromium } from 'playwright-core';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const CACHE = resolve(__dirname, '../../.cache/chromium');
/** The same flags for either browser, so what the tests see does not depend on which one ran. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface ChromiumBinary {
  source: 'system' | 'npm';
  executablePath: string;
  /** Extra environment the binary needs (the npm build's own libraries and fonts). */
  env: Record<string, string>;
}

export async function findChromium(choice = process.env.NEMO_CHROMIUM ?? ''): Promise<ChromiumBinary> {
  if (choice !== '' && choice !== 'npm') throw new Error(`NEMO_CHROMIUM is "${choice}": leave it unset (system Chromium, else the npm one) or set it to "npm".`);
  if (choice === '' && existsSync(SYSTEM_CHROMIUM)) return { source: 'system', executablePath: SYSTEM_CHROMIUM, env: {} };
  const dir = await unpackNpmChromium();
  return {
    source: 'npm',
    executablePath: join(dir, 'chromium'),
    // The build expects Amazon Linux's NSS and expat beside it (a bare Debian has neither), and
    // fonts: the system's if any, plus the Open Sans it ships.
    env: { LD_LIBRARY_PATH: join(dir, 'al2023/lib'), FONTCONFIG_FILE: join(dir, 'nemo-fonts.conf') },
  };
}

export async function launchChromium(choice?: string): Promise<Browser> {
  const binary = await findChromium(choice);
  return chromium.launch({ executablePath: binary.executablePath, headless: true, args: ARGS, env: { ...process.env, ...binary.env } });
}

/**
 * Unpacks the package's Chromium once per version into .cache/chromium/<version>/. The package
 * itself unpacks into os.tmpdir() and trusts any file already there, so a run killed halfway would
 * leave a broken browser for good: it runs here in a child whose TMPDIR is a private staging folder,
 * renamed into place only when complete. AWS_EXECUTION_ENV is the package's switch that also
 * unpacks the NSS libraries it carries for hosts without them.
 */
async function unpackNpmChromium(): Promise<string> {
  const entry = require.resolve('@sparticuz/chromium');
  const packageDir = resolve(dirname(entry), '../..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const dir = join(CACHE, version);
  if (existsSync(dir)) return dir;
  removeAbandonedStaging();
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true }); // a dead run's, should its pid come back
  mkdirSync(staging, { recursive: true });
  process.stderr.write(`Chromium from npm (@sparticuz/chromium ${version}): unpacking into ${dir}, once\n`);
  try {
    await promisify(execFile)(process.execPath, ['-e', `require(${JSON.stringify(entry)}).executablePath()`], {
      env: { ...process.env, TMPDIR: staging, AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x' },
    });
    writeFileSync(join(staging, 'nemo-fonts.conf'), [
      '<?xml version="1.0"?>',
      '<fontconfig>',
      '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
      `  <dir>${join(dir, 'fonts/fonts')}</dir>`,
      `  <cachedir>${join(dir, 'fonts-cache')}</cachedir>`,
      '</fontconfig>',
      '',
    ].join('\n'));
    renameSync(staging, dir);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(dir)) throw err; // another process finished first: its copy is as good
  }
  return dir;
}

/** Staging folders of runs that were killed (their process is gone) are 200 MB each: removed. */
function removeAbandonedStaging(): void {
  for (const entry of existsSync(CACHE) ? readdirSync(CACHE) : []) {
    const pid = Number(/\.partial-(\d+)$/.exec(entry)?.[1]);
    if (!pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      rmSync(join(CACHE, entry), { recursive: true, force: true });
    }
  }
}
