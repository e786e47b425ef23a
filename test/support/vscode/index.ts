// A small stand-in for the `vscode` module: just the API surface src/extension uses, with real
// behaviour where it is cheap (events, cancellation, mementos, secrets, configuration) and a
// scripted UI: tests queue the answers a person would give and read back what was shown.
/* eslint-disable @typescript-eslint/no-explicit-any */
import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

// ---- basics -------------------------------------------------------------------------------------

export class Disposable {
  constructor(private readonly fn: () => void = () => undefined) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.fn();
  }
}

export type Event<T> = (listener: (e: T) => unknown) => Disposable;

export class EventEmitter<T> {
  private listeners = new Set<(e: T) => unknown>();
  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class CancellationTokenSource {
  private emitter = new EventEmitter<void>();
  readonly token = {
    isCancellationRequested: false,
    onCancellationRequested: this.emitter.event,
  };
  cancel(): void {
    if (this.token.isCancellationRequested) return;
    this.token.isCancellationRequested = true;
    this.emitter.fire();
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

export class Uri {
  private constructor(readonly scheme: string, readonly fsPath: string, readonly raw: string) {}
  static file(p: string): Uri {
    return new Uri('file', path.resolve(p), pathToFileURL(path.resolve(p)).href);
  }
  static parse(s: string): Uri {
    const scheme = s.slice(0, Math.max(0, s.indexOf(':')));
    return new Uri(scheme, scheme === 'file' ? fileURLToPath(s) : '', s);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return Uri.file(path.join(base.fsPath, ...parts));
  }
  get path(): string {
    return this.scheme === 'file' ? this.fsPath : new URL(this.raw).pathname;
  }
  toString(): string {
    return this.raw;
  }
}

export class MarkdownString {
  isTrusted?: boolean;
  supportThemeIcons?: boolean;
  constructor(public value = '') {}
  appendMarkdown(v: string): this {
    this.value += v;
    return this;
  }
  appendText(v: string): this {
    this.value += v.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
    return this;
  }
}

export class ThemeColor {
  constructor(readonly id: string) {}
}
export class ThemeIcon {
  constructor(readonly id: string) {}
}

export enum StatusBarAlignment { Left = 1, Right = 2 }
export enum ProgressLocation { SourceControl = 1, Window = 10, Notification = 15 }
export enum ConfigurationTarget { Global = 1, Workspace = 2, WorkspaceFolder = 3 }
export enum ExtensionMode { Production = 1, Development = 2, Test = 3 }
export enum ChatResultFeedbackKind { Unhelpful = 0, Helpful = 1 }

export class Location {
  constructor(readonly uri: Uri, readonly range: unknown) {}
}

// ---- the scripted UI ----------------------------------------------------------------------------

export interface ShownMessage { level: 'info' | 'warning' | 'error'; message: string; items: string[]; modal: boolean }
export interface ProgressRecord { title: string; reports: string[]; cancellable: boolean; cancel(): void; done: boolean }

type Answer = unknown | ((prompt: any) => unknown);

/** What tests script and inspect. Reset between tests with `ui.reset()`. */
export const ui = {
  messages: [] as ShownMessage[],
  progress: [] as ProgressRecord[],
  executed: [] as { command: string; args: unknown[] }[],
  opened: [] as string[],
  clipboard: '',
  answers: [] as Answer[],
  saveDialogAnswer: undefined as Uri | undefined,
  messageListeners: [] as ((m: ShownMessage) => void)[],
  reset(): void {
    this.messages = [];
    this.progress = [];
    this.executed = [];
    this.opened = [];
    this.clipboard = '';
    this.answers = [];
    this.saveDialogAnswer = undefined;
    this.messageListeners = [];
  },
  /** Queue what the person answers to the next prompts (quick picks, input boxes, message buttons). */
  answer(...a: Answer[]): void {
    this.answers.push(...a);
  },
  next(prompt: unknown): unknown {
    if (this.answers.length === 0) return undefined; // Escape
    const a = this.answers.shift();
    return typeof a === 'function' ? (a as (p: unknown) => unknown)(prompt) : a;
  },
  waitForMessage(pred: (m: ShownMessage) => boolean, timeoutMs = 20000): Promise<ShownMessage> {
    const found = this.messages.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a message; shown: ' + JSON.stringify(this.messages))), timeoutMs);
      this.messageListeners.push((m) => {
        if (pred(m)) {
          clearTimeout(timer);
          resolve(m);
        }
      });
    });
  },
};

function show(level: ShownMessage['level'], message: string, rest: any[]): Promise<string | undefined> {
  const options = rest[0] && typeof rest[0] === 'object' && !('title' in rest[0]) ? rest.shift() : undefined;
  const items = rest.map((i) => (typeof i === 'string' ? i : i.title));
  const m: ShownMessage = { level, message, items, modal: Boolean(options?.modal) };
  ui.messages.push(m);
  for (const l of [...ui.messageListeners]) l(m);
  // Buttons are answered only when the test queued an answer for this message.
  const a = items.length > 0 ? ui.next(m) : undefined;
  return Promise.resolve(typeof a === 'string' ? a : undefined);
}

export class LogChannel {
  readonly lines: string[] = [];
  constructor(readonly name: string) {}
  private add(level: string, m: string): void {
    this.lines.push(`[${level}] ${m}`);
  }
  trace(m: string): void { this.add('trace', m); }
  debug(m: string): void { this.add('debug', m); }
  info(m: string): void { this.add('info', m); }
  warn(m: string): void { this.add('warn', m); }
  error(m: string | Error): void { this.add('error', String(m)); }
  append(m: string): void { this.add('raw', m); }
  appendLine(m: string): void { this.add('raw', m); }
  show(): void { ui.executed.push({ command: 'log.show', args: [this.name] }); }
  clear(): void { this.lines.length = 0; }
  dispose(): void { /* nothing held */ }
}
export const channels: LogChannel[] = [];

export class StatusBarItemStub {
  text = '';
  tooltip: string | MarkdownString | undefined;
  command: string | { command: string } | undefined;
  backgroundColor: ThemeColor | undefined;
  name: string | undefined;
  visible = false;
  show(): void { this.visible = true; }
  hide(): void { this.visible = false; }
  dispose(): void { this.visible = false; }
}
export const statusBarItems: StatusBarItemStub[] = [];

export const window = {
  createOutputChannel(name: string): LogChannel {
    const c = new LogChannel(name);
    channels.push(c);
    return c;
  },
  showInformationMessage: (m: string, ...rest: any[]) => show('info', m, rest),
  showWarningMessage: (m: string, ...rest: any[]) => show('warning', m, rest),
  showErrorMessage: (m: string, ...rest: any[]) => show('error', m, rest),
  async showInputBox(options: any): Promise<string | undefined> {
    const a = ui.next({ kind: 'input', ...options });
    if (a === undefined) return undefined;
    const value = a === '' ? (options?.value ?? '') : String(a); // '' = Enter on the default
    const invalid = options?.validateInput ? await options.validateInput(value) : undefined;
    if (invalid) throw new Error(`the stand-in input box was given an invalid value "${value}": ${typeof invalid === 'string' ? invalid : invalid.message}`);
    return value;
  },
  async showQuickPick(items: any, options: any): Promise<any> {
    const list = await items;
    const a = ui.next({ kind: 'pick', items: list, ...options });
    if (a === undefined) return undefined;
    if (a === '') return list[0]; // Enter on the first (default) item
    if (typeof a === 'number') return list[a];
    return list.find((i: any) => (typeof i === 'string' ? i : i.label) === a) ?? list.find((i: any) => typeof i !== 'string' && String(i.label).includes(String(a)));
  },
  async showSaveDialog(): Promise<Uri | undefined> {
    return ui.saveDialogAnswer;
  },
  async withProgress<R>(options: any, task: (p: { report(v: { message?: string; increment?: number }): void }, token: any) => Promise<R>): Promise<R> {
    const source = new CancellationTokenSource();
    const rec: ProgressRecord = { title: options.title ?? '', reports: [], cancellable: Boolean(options.cancellable), cancel: () => source.cancel(), done: false };
    ui.progress.push(rec);
    try {
      return await task({ report: (v) => { if (v.message) rec.reports.push(v.message); } }, source.token);
    } finally {
      rec.done = true;
    }
  },
  createStatusBarItem(): StatusBarItemStub {
    const item = new StatusBarItemStub();
    statusBarItems.push(item);
    return item;
  },
  registerWebviewPanelSerializer(): Disposable {
    return new Disposable();
  },
  createWebviewPanel(viewType: string, title: string): WebviewPanelStub {
    const panel = new WebviewPanelStub(viewType, title);
    panels.push(panel);
    return panel;
  },
  activeTextEditor: undefined as unknown,
};

/** A webview panel that records what the host posts; the page side is not simulated. */
export class WebviewPanelStub {
  readonly posted: unknown[] = [];
  visible = true;
  private readonly disposeEmitter = new EventEmitter<void>();
  private readonly messageEmitter = new EventEmitter<unknown>();
  private readonly viewStateEmitter = new EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  readonly onDidChangeViewState = this.viewStateEmitter.event;
  readonly webview = {
    html: '',
    options: {} as unknown,
    cspSource: 'vscode-resource:',
    asWebviewUri: (u: Uri) => Uri.parse(`vscode-resource:${u.fsPath}`),
    postMessage: async (m: unknown) => { this.posted.push(m); return true; },
    onDidReceiveMessage: this.messageEmitter.event,
  };
  constructor(readonly viewType: string, public title: string) {}
  /** What the page would send (e.g. `{type: 'timeline/page/ready'}`). */
  receive(message: unknown): void {
    this.messageEmitter.fire(message);
  }
  reveal(): void { this.visible = true; }
  dispose(): void { this.disposeEmitter.fire(); }
}
export const panels: WebviewPanelStub[] = [];

export enum ViewColumn { Active = -1, Beside = -2, One = 1 }

// ---- workspace, configuration, trust ------------------------------------------------------------

export const configValues: Record<string, unknown> = {};
const configEmitter = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
const trustEmitter = new EventEmitter<void>();

export function setConfig(key: string, value: unknown): void {
  if (value === undefined) delete configValues[key];
  else configValues[key] = value;
  configEmitter.fire({ affectsConfiguration: (s: string) => key === s || key.startsWith(s + '.') });
}

export const workspace = {
  workspaceFolders: undefined as { uri: Uri; name: string; index: number }[] | undefined,
  isTrusted: true,
  getConfiguration(section?: string) {
    const full = (k: string) => (section ? `${section}.${k}` : k);
    return {
      get<T>(key: string, defaultValue?: T): T | undefined {
        return (Object.hasOwn(configValues, full(key)) ? configValues[full(key)] : defaultValue) as T | undefined;
      },
      has: (key: string) => Object.hasOwn(configValues, full(key)),
      async update(key: string, value: unknown): Promise<void> {
        setConfig(full(key), value);
      },
      inspect: (key: string) => ({ key: full(key), globalValue: configValues[full(key)] }),
    };
  },
  onDidChangeConfiguration: configEmitter.event,
  onDidGrantWorkspaceTrust: trustEmitter.event,
  getWorkspaceFolder(uri: Uri) {
    return workspace.workspaceFolders?.find((f) => uri.fsPath === f.uri.fsPath || uri.fsPath.startsWith(f.uri.fsPath + path.sep));
  },
};

export function setWorkspace(folder: string | undefined, trusted = true): void {
  workspace.workspaceFolders = folder ? [{ uri: Uri.file(folder), name: path.basename(folder), index: 0 }] : undefined;
  const wasTrusted = workspace.isTrusted;
  workspace.isTrusted = trusted;
  if (trusted && !wasTrusted) trustEmitter.fire();
}

// ---- env, commands, l10n, chat ------------------------------------------------------------------

export const env = {
  appName: 'Visual Studio Code',
  uriScheme: 'vscode',
  language: 'en',
  machineId: 'stand-in',
  clipboard: {
    async writeText(v: string): Promise<void> { ui.clipboard = v; },
    async readText(): Promise<string> { return ui.clipboard; },
  },
  async openExternal(uri: Uri): Promise<boolean> {
    ui.opened.push(uri.toString());
    return true;
  },
};

const registered = new Map<string, (...args: any[]) => unknown>();
export const commands = {
  registerCommand(id: string, fn: (...args: any[]) => unknown): Disposable {
    registered.set(id, fn);
    return new Disposable(() => registered.delete(id));
  },
  async executeCommand<T>(id: string, ...args: unknown[]): Promise<T> {
    ui.executed.push({ command: id, args });
    const fn = registered.get(id);
    return (fn ? await fn(...args) : undefined) as T;
  },
  registered,
};

export const l10n = {
  t(message: string | { message: string; args?: unknown[] }, ...args: unknown[]): string {
    const text = typeof message === 'string' ? message : message.message;
    const values = typeof message === 'string' ? (Array.isArray(args[0]) ? args[0] : typeof args[0] === 'object' && args[0] !== null ? args[0] : args) : (message.args ?? []);
    return text.replace(/\{(\w+)\}/g, (m, k) => { const v = (values as any)[k]; return v === undefined ? m : String(v); });
  },
  bundle: undefined as Record<string, string> | undefined,
  uri: undefined as Uri | undefined,
};

export interface ChatParticipantStub {
  id: string;
  handler: (...args: any[]) => unknown;
  iconPath?: unknown;
  followupProvider?: { provideFollowups(result: any, context: any, token: any): unknown };
  dispose(): void;
}
export const participants: ChatParticipantStub[] = [];
export const chat = {
  createChatParticipant(id: string, handler: (...args: any[]) => unknown): ChatParticipantStub {
    const p: ChatParticipantStub = { id, handler, dispose: () => undefined };
    participants.push(p);
    return p;
  },
};

/** Records every part a chat handler writes, in order. */
export class RecordingChatStream {
  readonly parts: { kind: 'markdown' | 'progress' | 'button' | 'reference' | 'anchor' | 'filetree'; value: any }[] = [];
  markdown(v: string | MarkdownString): void {
    this.parts.push({ kind: 'markdown', value: typeof v === 'string' ? new MarkdownString(v) : v });
  }
  progress(v: string): void {
    this.parts.push({ kind: 'progress', value: v });
  }
  button(v: { command: string; title: string; arguments?: unknown[] }): void {
    this.parts.push({ kind: 'button', value: v });
  }
  reference(v: unknown): void {
    this.parts.push({ kind: 'reference', value: v });
  }
  anchor(v: unknown): void {
    this.parts.push({ kind: 'anchor', value: v });
  }
  filetree(v: unknown): void {
    this.parts.push({ kind: 'filetree', value: v });
  }
  push(): void { /* not used */ }
  /**
   * The steps shown so far: progress parts, and the italic lines the participant writes for steps
   * once the agent's words have started (see chatTurnSink).
   */
  get steps(): string[] {
    return this.parts.flatMap((p) => {
      if (p.kind === 'progress') return [String(p.value)];
      const italic = p.kind === 'markdown' ? /^\s*\*([^*]+)\*\s*$/.exec(p.value.value as string) : null;
      return italic ? [italic[1]] : [];
    });
  }
  /** All markdown written so far, concatenated. */
  get text(): string {
    return this.parts.filter((p) => p.kind === 'markdown').map((p) => p.value.value as string).join('');
  }
}

// ---- extension context --------------------------------------------------------------------------

export class MemoryMemento {
  constructor(readonly values: Map<string, unknown> = new Map()) {}
  get<T>(key: string, defaultValue?: T): T | undefined {
    return this.values.has(key) ? (structuredClone(this.values.get(key)) as T) : defaultValue;
  }
  async update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, structuredClone(value));
  }
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  setKeysForSync(): void { /* nothing */ }
}

export class MemorySecrets {
  private emitter = new EventEmitter<{ key: string }>();
  readonly onDidChange = this.emitter.event;
  constructor(readonly values: Map<string, string> = new Map()) {}
  async get(key: string): Promise<string | undefined> { return this.values.get(key); }
  async store(key: string, value: string): Promise<void> { this.values.set(key, value); this.emitter.fire({ key }); }
  async delete(key: string): Promise<void> { this.values.delete(key); this.emitter.fire({ key }); }
}

/** Storage that outlives one activation: pass the same instance to a new context to simulate a reload. */
export interface PersistedStorage {
  workspaceState: Map<string, unknown>;
  globalState: Map<string, unknown>;
  secrets: Map<string, string>;
  globalStorageDir: string;
}

export function makeContext(storage: PersistedStorage, extensionDir: string) {
  return {
    subscriptions: [] as { dispose(): unknown }[],
    workspaceState: new MemoryMemento(storage.workspaceState),
    globalState: new MemoryMemento(storage.globalState),
    secrets: new MemorySecrets(storage.secrets),
    globalStorageUri: Uri.file(storage.globalStorageDir),
    extensionUri: Uri.file(extensionDir),
    extensionPath: extensionDir,
    extensionMode: ExtensionMode.Test,
    extension: { packageJSON: { version: '0.1.0-test' }, id: 'nemo-video.nemo-vscode' },
    asAbsolutePath: (p: string) => path.join(extensionDir, p),
  };
}
