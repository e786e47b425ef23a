// What every scenario gets: the tools, one browser, the emulator, the packaged extension, and a way
// to start a fresh code-server with Nemo installed and pointed at the emulator.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startCodeServer, type CodeServer } from '../../scripts/e2e/codeServer';
import type { EmulatorProcess } from '../../scripts/e2e/emulator';
import { step } from '../../scripts/e2e/steps';
import type { Tools } from '../../scripts/e2e/tools';
import { Workbench } from '../../scripts/e2e/workbench';
import { makeWorkspace } from '../../scripts/e2e/workspace';

export interface LaunchOptions {
  /** Extra environment for code-server and its extension host (e.g. NEMO_TOKEN). */
  env?: Record<string, string>;
  /** Also install the test-only stub language model (chat needs a model). */
  withStubModel?: boolean;
  keybindings?: readonly { key: string; command: string; args?: unknown }[];
}

export interface Launched {
  server: CodeServer;
  wb: Workbench;
  workspace: string;
  stop(): Promise<void>;
}

/**
 * The settings that point the extension at the emulator, polling fast (renders take seconds there).
 * The web editor's links go to the emulator's origin too: the browser may load them (a harmless 404)
 * without reaching for the internet.
 */
export function nemoSettings(emulatorUrl: string): Record<string, unknown> {
  return { 'nemo.apiBaseUrl': emulatorUrl, 'nemo.webBaseUrl': emulatorUrl, 'nemo.pollIntervalSeconds': 1 };
}

export class E2E {
  private readonly running = new Set<Launched>();

  constructor(
    readonly tools: Tools,
    readonly browser: Browser,
    readonly emulator: EmulatorProcess,
    readonly nemoVsix: string,
    readonly stubModelVsix: string,
    /** This run's folder (profiles and workspaces go inside). */
    readonly dir: string,
  ) {}


  async launch(name: string, opts: LaunchOptions = {}): Promise<Launched> {
    const home = join(this.dir, name);
    const workspace = await makeWorkspace(join(home, 'workspace'));
    const server = await step(`start code-server (${name})`, () =>
      startCodeServer(this.tools, {
        name,
        home: join(home, 'server'),
        workspace,
        settings: nemoSettings(this.emulator.url),
        env: opts.env,
        keybindings: opts.keybindings,
        vsix: opts.withStubModel ? [this.nemoVsix, this.stubModelVsix] : [this.nemoVsix],
      }),
    );
    const wb = await step('open the workbench', () => Workbench.open(this.browser, server.workbenchUrl()));
    const launched: Launched = {
      server,
      wb,
      workspace,
      stop: async () => {
        this.running.delete(launched);
        await wb.close().catch(() => undefined);
        await server.stop();
      },
    };
    this.running.add(launched);
    return launched;
  }

  /** After a failure: what each open workbench showed, for the post-mortem. */
  async screenshotAll(name: string): Promise<void> {
    for (const l of this.running) await l.wb.screenshot(`${name}-failure`).catch(() => undefined);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((l) => l.stop()));
  }
}

export interface Scenario {
  name: string;
  run(e2e: E2E): Promise<void>;
}

/** Every file the extension host and the workbench logged for one instance (output channels included). */
export function logFiles(server: CodeServer): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith('.log')) files.push(path);
    }
  };
  walk(join(server.userDataDir, 'logs'));
  return files;
}

export function readLogs(server: CodeServer): string {
  return logFiles(server).map((f) => readFileSync(f, 'utf8')).join('\n');
}
