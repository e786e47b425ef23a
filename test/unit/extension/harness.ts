// One extension "window" for unit tests: the vscode stand-in, a temporary workspace and storage,
// the real Services/client pointed at a real emulator. Storage objects can be shared between two
// harness windows to simulate a reload or a second window on the same workspace.
import '../../support/vscode/register';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import * as stub from '../../support/vscode/index';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import type { ClientTuning } from '../../../src/extension/client/clientProvider';
import { CreditsStatusBar } from '../../../src/extension/credits/creditsStatusBar';
import { NemoLog } from '../../../src/extension/core/log';
import { Services } from '../../../src/extension/core/services';
import { TimelinePanel } from '../../../src/extension/timeline/timelinePanel';

export { stub };

export interface Window {
  services: Services;
  context: ReturnType<typeof stub.makeContext>;
  channel: stub.LogChannel;
}

export interface World {
  emu: Emulator;
  root: string;
  workspace: string;
  storage: stub.PersistedStorage;
  /** A new window (activation) on the same stored state. */
  open(env?: NodeJS.ProcessEnv, tuning?: ClientTuning): Window;
  close(): Promise<void>;
}

export async function makeWorld(options: EmulatorOptions = {}): Promise<World> {
  const emu = await startEmulator({ renderMs: 300, turnDelayMs: 5, heartbeatMs: 200, ...options });
  const root = await mkdtemp(path.join(tmpdir(), 'nemo-ext-'));
  const workspace = path.join(root, 'workspace');
  const storage: stub.PersistedStorage = {
    workspaceState: new Map(),
    globalState: new Map(),
    secrets: new Map(),
    globalStorageDir: path.join(root, 'global'),
  };
  stub.ui.reset();
  stub.resetConfig();
  stub.setConfig('nemo.apiBaseUrl', emu.url);
  stub.setConfig('nemo.pollIntervalSeconds', 1);
  stub.setWorkspace(workspace, true);
  const windows: Window[] = [];
  return {
    emu,
    root,
    workspace,
    storage,
    open(env: NodeJS.ProcessEnv = {}, tuning: ClientTuning = {}) {
      const context = stub.makeContext(storage, path.join(root, 'extension'));
      const channel = new stub.LogChannel('Nemo');
      const services = new Services(context as unknown as vscode.ExtensionContext, new NemoLog(channel as unknown as vscode.LogOutputChannel), env, tuning);
      context.subscriptions.push(services, new CreditsStatusBar(services.credits));
      const w = { services, context, channel };
      windows.push(w);
      return w;
    },
    async close() {
      for (const w of windows) for (const d of w.context.subscriptions.splice(0)) d.dispose();
      await emu.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** The user every window of a test acts as, when the suite signs one in. */
export interface SignedIn {
  token: string;
  userId: string;
}

export interface SuiteWorldOptions extends EmulatorOptions {
  /** Signs every window in as one user with this many credits (a personal token, as Set Token… stores it). */
  personalCredits?: number;
}

/**
 * The suite's set-up in one place: a fresh world before each test, handed to `use` (with the
 * signed-in user, if any), and after each test the timeline panel closed and the world with it.
 */
export function useWorld(options: SuiteWorldOptions, use: (world: World, user: SignedIn | undefined) => void): void {
  let world: World | undefined;
  beforeEach(async () => {
    const { personalCredits, ...emulatorOptions } = options;
    world = await makeWorld(emulatorOptions);
    let user: SignedIn | undefined;
    if (personalCredits !== undefined) {
      user = world.emu.issueToken();
      world.emu.setCredits(user.userId, personalCredits);
      world.storage.secrets.set(`nemo.personalToken:${world.emu.url}`, user.token);
    }
    use(world, user);
  });
  afterEach(async () => {
    TimelinePanel.active?.dispose();
    await world?.close();
    world = undefined;
  });
}

/** A chat request as VS Code hands it to the participant. */
export function chatRequest(prompt: string, command?: string, references: unknown[] = []): vscode.ChatRequest {
  return { prompt, command, references, toolReferences: [], toolInvocationToken: undefined, model: undefined } as unknown as vscode.ChatRequest;
}

export const noHistory = { history: [] } as unknown as vscode.ChatContext;
