// One code-server instance: a fresh user-data and extensions dir, bound to 127.0.0.1 on a free
// port, in its own process group. Starting it waits for /healthz, so callers can open the page.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { run, startGroup, type Started } from './processes';
import { GiveUp, waitUntil } from './steps';
import { RESULTS, type Tools } from './tools';

export interface CodeServerOptions {
  /** A folder for this instance: user-data/, extensions/ and its log go inside. */
  home: string;
  workspace: string;
  /** VS Code user settings (settings.json in the user-data dir). */
  settings?: Record<string, unknown>;
  /** User keybindings: how a test runs a command with arguments (the palette cannot pass any). */
  keybindings?: readonly { key: string; command: string; args?: unknown }[];
  /** .vsix files to install before starting. */
  vsix?: readonly string[];
  /** Extra environment for the server and so the extension host (e.g. NEMO_TOKEN). */
  env?: Record<string, string>;
  /** Smoke-test mode: needed to run a mocha suite through the payload; it hides toasts. */
  smokeTest?: boolean;
  name: string;
}

export interface CodeServer {
  readonly url: string; // http://127.0.0.1:PORT
  readonly port: number;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** The workbench URL with the workspace folder open. */
  workbenchUrl(query?: Record<string, string>): string;
  output(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** The environment code-server gets: the tools' env without anything Nemo-related from outside. */
function serverEnv(tools: Tools, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...tools.env };
  for (const key of Object.keys(env)) if (key.startsWith('NEMO_') || key.startsWith('npm_')) delete env[key];
  return { ...env, ...extra };
}

export async function installExtensions(tools: Tools, userDataDir: string, extensionsDir: string, vsix: readonly string[]): Promise<void> {
  for (const file of vsix) {
    await run(tools.codeServer, ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', file, '--force'], {
      env: serverEnv(tools),
    });
  }
}

export async function startCodeServer(tools: Tools, opts: CodeServerOptions): Promise<CodeServer> {
  const userDataDir = join(opts.home, 'user-data');
  const extensionsDir = join(opts.home, 'extensions');
  // A fresh profile every time: no token, session or extension state from an earlier run.
  rmSync(opts.home, { recursive: true, force: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settings = JSON.stringify(
    {
      // Quiet, deterministic workbench: no welcome page, no release notes, no trust prompt.
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'update.showReleaseNotes': false,
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'chat.commandCenter.enabled': false,
      // Scratch workspaces may sit inside this repository: no "open the parent repository?" toast.
      'git.openRepositoryInParentFolders': 'never',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      // A click selects; it does not open a preview that takes the focus from the explorer.
      'workbench.list.openMode': 'doubleClick',
      ...opts.settings,
    },
    null,
    2,
  );
  // code-server's window is a remote window: machine-scoped settings (nemo.apiBaseUrl) are read
  // from the Machine settings there and ignored in the User settings, so both get the same file.
  for (const scope of ['User', 'Machine']) {
    mkdirSync(join(userDataDir, scope), { recursive: true });
    writeFileSync(join(userDataDir, scope, 'settings.json'), settings);
  }
  writeFileSync(join(userDataDir, 'User', 'keybindings.json'), JSON.stringify(opts.keybindings ?? [], null, 2));
  await installExtensions(tools, userDataDir, extensionsDir, opts.vsix ?? []);

  const port = await freePort();
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--reconnection-grace-time', '5',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...(opts.smokeTest ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    opts.workspace,
  ];
  const proc: Started = startGroup(`code-server ${opts.name}`, tools.codeServer, args, {
    env: serverEnv(tools, opts.env),
    logFile: join(RESULTS, 'logs', `code-server-${opts.name}.log`),
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntil(`code-server ${opts.name} /healthz`, async () => {
      if (proc.child.exitCode !== null) throw new GiveUp(`code-server exited early:\n${proc.output().slice(-3000)}`);
      const res = await fetch(`${url}/healthz`).catch(() => undefined);
      return res?.ok ? true : undefined;
    }, 60_000, 100);
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return {
    url,
    port,
    userDataDir,
    extensionsDir,
    workbenchUrl: (query = {}) => `${url}/?${new URLSearchParams({ folder: opts.workspace, ...query }).toString()}`,
    output: proc.output,
    stop: proc.stop,
  };
}
