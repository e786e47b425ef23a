// A small stand-in for the `vscode` module: just the API surface src/extension uses, with real
// behaviour where it is cheap (events, cancellation, mementos, secrets, configuration with the
// manifest's defaults) and a scripted UI: tests queue the answers a person would give and read
// back what was shown. Every piece is type-checked against @types/vscode (`implements`,
// `satisfies`), so a stand-in that drifts from the real API fails the build, not a user.
/* eslint-disable @typescript-eslint/no-explicit-any */
import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import type * as vscode from 'vscode';
import manifest from '../../../package.json';

// ---- basics -------------------------------------------------------------------------------------

export class Disposable implements vscode.Disposable {
  constructor(private readonly fn: () => unknown = () => undefined) {}
  static from(...items: { dispose: () => unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.fn();
  }
}

export type Event<T> = (listener: (e: T) => unknown) => Disposable;

export class EventEmitter<T> implements vscode.EventEmitter<T> {
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

export class CancellationTokenSource implements vscode.CancellationTokenSource {
  private emitter = new EventEmitter<void>();
  readonly token: vscode.CancellationToken = {
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

/**
 * Scheme, authority, path, query and fragment as VS Code keeps them. File URIs print as Node's
 * `pathToFileURL`; other URIs keep the text they were parsed from (no re-encoding).
 */
export class Uri implements vscode.Uri {
  private constructor(readonly scheme: string, readonly authority: string, readonly path: string, readonly query: string, readonly fragment: string) {}
  static file(p: string): Uri {
    return new Uri('file', '', path.resolve(p), '', '');
  }
  /** `strict` (a missing scheme throws) is how the stand-in always parses. */
  static parse(s: string, _strict?: boolean): Uri {
    const m = /^([a-z][\w+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/i.exec(s);
    if (!m) throw new Error(`the stand-in cannot parse "${s}" as a URI`);
    const [, scheme, authority = '', rest = '', query = '', fragment = ''] = m;
    return new Uri(scheme, authority, scheme === 'file' ? fileURLToPath(s.replace(/[?#].*$/, '')) : rest, query, fragment);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return base.with({ path: path.posix.join(base.path, ...parts) });
  }
  static from(c: { readonly scheme: string; readonly authority?: string; readonly path?: string; readonly query?: string; readonly fragment?: string }): Uri {
    return new Uri(c.scheme, c.authority ?? '', c.path ?? '', c.query ?? '', c.fragment ?? '');
  }
  /** As on Linux and macOS, where these tests run: the path itself. */
  get fsPath(): string {
    return this.path;
  }
  with(change: { scheme?: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(change.scheme ?? this.scheme, change.authority ?? this.authority, change.path ?? this.path, change.query ?? this.query, change.fragment ?? this.fragment);
  }
  toString(): string {
    if (this.scheme === 'file') return pathToFileURL(this.path).href;
    return `${this.scheme}:${this.authority ? `//${this.authority}` : ''}${this.path}${this.query ? `?${this.query}` : ''}${this.fragment ? `#${this.fragment}` : ''}`;
  }
  toJSON(): unknown {
    return { scheme: this.scheme, authority: this.authority, path: this.path, query: this.query, fragment: this.fragment };
  }
}

export class MarkdownString implements vscode.MarkdownString {
  isTrusted?: boolean | { readonly enabledCommands: readonly string[] };
  supportThemeIcons?: boolean;
  supportHtml?: boolean;
  baseUri?: Uri;
  constructor(public value = '', supportThemeIcons?: boolean) {
    if (supportThemeIcons !== undefined) this.supportThemeIcons = supportThemeIcons;
  }
  appendMarkdown(v: string): this {
    this.value += v;
    return this;
  }
  appendText(v: string): this {
    this.value += v.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
    return this;
  }
  appendCodeblock(code: string, language = ''): this {
    this.value += `\n\`\`\`${language}\n${code}\n\`\`\`\n`;
    return this;
  }
}

export class ThemeColor implements vscode.ThemeColor {
  constructor(readonly id: string) {}
}
export class ThemeIcon implements vscode.ThemeIcon {
  static readonly File = new ThemeIcon('file');
  static readonly Folder = new ThemeIcon('folder');
  constructor(readonly id: string, readonly color?: ThemeColor) {}
}

export enum StatusBarAlignment { Left = 1, Right = 2 }
export enum ProgressLocation { SourceControl = 1, Window = 10, Notification = 15 }
export enum ConfigurationTarget { Global = 1, Workspace = 2, WorkspaceFolder = 3 }
export enum ExtensionMode { Production = 1, Development = 2, Test = 3 }
export enum ChatResultFeedbackKind { Unhelpful = 0, Helpful = 1 }
export enum ExtensionKind { UI = 1, Workspace = 2 }
export enum LogLevel { Off = 0, Trace = 1, Debug = 2, Info = 3, Warning = 4, Error = 5 }

export class Location implements vscode.Location {
  readonly range: vscode.Range;
  constructor(readonly uri: Uri, rangeOrPosition: vscode.Range | vscode.Position) {
    this.range = rangeOrPosition as vscode.Range; // nothing here reads it
  }
}

// ---- the scripted UI ----------------------------------------------------------------------------

export interface ShownMessage { level: 'info' | 'warning' | 'error'; message: string; items: string[]; modal: boolean; detail?: string }
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
  /** What the next open dialog answers (undefined: cancelled); the options it was shown with. */
  openDialogAnswer: undefined as Uri[] | undefined,
  openDialogs: [] as vscode.OpenDialogOptions[],
  messageListeners: [] as ((m: ShownMessage) => void)[],
  /** Quick inputs where the scripted Enter did nothing (a person would be stuck there); each was then closed. */
  stuck: [] as string[],
  reset(): void {
    this.stuck = [];
    this.messages = [];
    this.progress = [];
    this.executed = [];
    this.opened = [];
    this.clipboard = '';
    this.answers = [];
    this.saveDialogAnswer = undefined;
    this.openDialogAnswer = undefined;
    this.openDialogs = [];
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

function show(level: ShownMessage['level'], message: string, rest: any[]): Promise<any> {
  const options = rest[0] && typeof rest[0] === 'object' && !('title' in rest[0]) ? rest.shift() : undefined;
  const items = rest.map((i) => (typeof i === 'string' ? i : i.title));
  const m: ShownMessage = { level, message, items, modal: Boolean(options?.modal), ...(options?.detail ? { detail: String(options.detail) } : {}) };
  ui.messages.push(m);
  for (const l of [...ui.messageListeners]) l(m);
  // Buttons are answered only when the test queued an answer for this message.
  const a = items.length > 0 ? ui.next(m) : undefined;
  return Promise.resolve(typeof a === 'string' ? a : undefined);
}

// ---- quick inputs (createQuickPick / createInputBox) --------------------------------------------
// Scripted with ui.answer like showQuickPick: a number accepts that visible item, a string is typed
// and then Enter pressed ('' = Enter on what is there), BACK presses the Back button, no answer is
// Escape. The filter is VS Code's in spirit (case-insensitive, on the label, the description with
// matchOnDescription; alwaysShow items stay); an Enter that does nothing is recorded in ui.stuck.

export class QuickInputButtons implements vscode.QuickInputButtons {
  static readonly Back: vscode.QuickInputButton = { iconPath: new ThemeIcon('arrow-left'), tooltip: 'Back' };
}
/** The answer that presses the Back button. */
export const BACK = Symbol('Back');

abstract class QuickInputStub implements vscode.QuickInput {
  title: string | undefined;
  step: number | undefined;
  totalSteps: number | undefined;
  enabled = true;
  busy = false;
  ignoreFocusOut = false;
  placeholder: string | undefined;
  buttons: readonly vscode.QuickInputButton[] = [];
  protected open = false;
  private readonly hideEmitter = new EventEmitter<void>();
  protected readonly valueEmitter = new EventEmitter<string>();
  protected readonly acceptEmitter = new EventEmitter<void>();
  private readonly buttonEmitter = new EventEmitter<vscode.QuickInputButton>();
  readonly onDidHide = this.hideEmitter.event;
  readonly onDidChangeValue = this.valueEmitter.event;
  readonly onDidAccept = this.acceptEmitter.event;
  readonly onDidTriggerButton = this.buttonEmitter.event;
  value = '';

  show(): void {
    this.open = true;
    // After the caller's synchronous set-up, as a person answers after the input appears.
    setImmediate(() => this.answer(ui.next(this.shownAs())));
  }
  hide(): void {
    if (!this.open) return;
    this.open = false;
    this.hideEmitter.fire();
  }
  dispose(): void {
    this.hide();
  }

  /** What the test's answer function is given. */
  protected abstract shownAs(): Record<string, unknown>;
  /** Enter on what is there now; returns what a person would see if nothing happened. */
  protected abstract enter(): string | undefined;

  private answer(a: unknown): void {
    if (!this.open) return;
    if (a === undefined) return this.hide();
    if (a === BACK) {
      if (this.buttons.includes(QuickInputButtons.Back)) return this.buttonEmitter.fire(QuickInputButtons.Back);
      ui.stuck.push(`${this.title ?? ''}: there is no Back button`);
      return this.hide();
    }
    if (typeof a === 'string' && a !== '') {
      this.value = a;
      this.valueEmitter.fire(a);
    }
    const problem = this.answerItem(a) ?? this.enter();
    if (this.open) {
      ui.stuck.push(`${this.title ?? ''} (${this.step ?? '?'}/${this.totalSteps ?? '?'}): Enter on "${this.value}" did nothing${problem ? ` (${problem})` : ''}`);
      this.hide();
    }
  }

  /** A number answer: accept that visible item (pick only). */
  protected answerItem(_a: unknown): string | undefined {
    return undefined;
  }
}

export class QuickPickStub<T extends vscode.QuickPickItem> extends QuickInputStub implements vscode.QuickPick<T> {
  items: readonly T[] = [];
  activeItems: readonly T[] = [];
  selectedItems: readonly T[] = [];
  matchOnDescription = false;
  matchOnDetail = false;
  canSelectMany = false;
  readonly onDidTriggerItemButton = new EventEmitter<vscode.QuickPickItemButtonEvent<T>>().event;
  readonly onDidChangeActive = new EventEmitter<readonly T[]>().event;
  readonly onDidChangeSelection = new EventEmitter<readonly T[]>().event;

  /** What the list shows for the current filter text. */
  visibleItems(): T[] {
    const q = this.value.trim().toLowerCase();
    if (!q) return [...this.items];
    return this.items.filter((i) => i.alwaysShow || i.label.toLowerCase().includes(q) || (this.matchOnDescription && (i.description ?? '').toLowerCase().includes(q)));
  }
  protected shownAs(): Record<string, unknown> {
    return { kind: 'pick', title: this.title, step: this.step, totalSteps: this.totalSteps, placeholder: this.placeholder, value: this.value, items: this.visibleItems(), active: this.activeItems[0], buttons: this.buttons };
  }
  protected answerItem(a: unknown): string | undefined {
    if (typeof a !== 'number') return undefined;
    const item = this.visibleItems()[a];
    if (!item) return `no item ${a}`;
    this.activeItems = [item];
    this.selectedItems = [item];
    this.acceptEmitter.fire();
    return undefined;
  }
  protected enter(): string | undefined {
    if (!this.open) return undefined;
    const visible = this.visibleItems();
    // VS Code keeps the active item the extension chose while it is visible; else the first one.
    const item = this.activeItems.find((i) => visible.includes(i)) ?? visible[0];
    if (!item) return 'no item matches';
    this.activeItems = [item];
    this.selectedItems = [item];
    this.acceptEmitter.fire();
    return undefined;
  }
}

export class InputBoxStub extends QuickInputStub implements vscode.InputBox {
  prompt: string | undefined;
  password = false;
  validationMessage: string | vscode.InputBoxValidationMessage | undefined;
  valueSelection: readonly [number, number] | undefined;

  protected shownAs(): Record<string, unknown> {
    return { kind: 'input', title: this.title, step: this.step, totalSteps: this.totalSteps, prompt: this.prompt, value: this.value, buttons: this.buttons };
  }
  protected enter(): string | undefined {
    this.acceptEmitter.fire();
    const v = this.validationMessage;
    return typeof v === 'string' ? v : v?.message;
  }
}

export class LogChannel implements vscode.LogOutputChannel {
  readonly lines: string[] = [];
  readonly logLevel = LogLevel.Info;
  readonly onDidChangeLogLevel = new EventEmitter<vscode.LogLevel>().event;
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
  replace(m: string): void { this.lines.length = 0; this.add('raw', m); }
  hide(): void { /* nothing shown */ }
  show(): void { ui.executed.push({ command: 'log.show', args: [this.name] }); }
  clear(): void { this.lines.length = 0; }
  dispose(): void { /* nothing held */ }
}
export const channels: LogChannel[] = [];

export class StatusBarItemStub implements vscode.StatusBarItem {
  text = '';
  tooltip: string | MarkdownString | undefined;
  command: string | vscode.Command | undefined;
  color: string | ThemeColor | undefined;
  backgroundColor: ThemeColor | undefined;
  accessibilityInformation: vscode.AccessibilityInformation | undefined;
  name: string | undefined;
  visible = false;
  constructor(readonly id: string, readonly alignment: vscode.StatusBarAlignment, readonly priority: number | undefined) {}
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
    if (Array.isArray(a)) return a; // canPickMany: the items ticked
    return list.find((i: any) => (typeof i === 'string' ? i : i.label) === a) ?? list.find((i: any) => typeof i !== 'string' && String(i.label).includes(String(a)));
  },
  createQuickPick<T extends vscode.QuickPickItem>(): QuickPickStub<T> {
    return new QuickPickStub<T>();
  },
  createInputBox(): InputBoxStub {
    return new InputBoxStub();
  },
  async showSaveDialog(): Promise<Uri | undefined> {
    return ui.saveDialogAnswer;
  },
  async showOpenDialog(options?: vscode.OpenDialogOptions): Promise<Uri[] | undefined> {
    ui.openDialogs.push(options ?? {});
    return ui.openDialogAnswer;
  },
  async withProgress<R>(options: vscode.ProgressOptions, task: (p: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken) => Thenable<R>): Promise<R> {
    const source = new CancellationTokenSource();
    const rec: ProgressRecord = { title: options.title ?? '', reports: [], cancellable: Boolean(options.cancellable), cancel: () => source.cancel(), done: false };
    ui.progress.push(rec);
    try {
      return await task({ report: (v) => { if (v.message) rec.reports.push(v.message); } }, source.token);
    } finally {
      rec.done = true;
    }
  },
  createStatusBarItem(idOrAlignment?: string | vscode.StatusBarAlignment, alignmentOrPriority?: vscode.StatusBarAlignment | number, priority?: number): StatusBarItemStub {
    const item = typeof idOrAlignment === 'string'
      ? new StatusBarItemStub(idOrAlignment, (alignmentOrPriority as vscode.StatusBarAlignment | undefined) ?? StatusBarAlignment.Left, priority)
      : new StatusBarItemStub('', idOrAlignment ?? StatusBarAlignment.Left, alignmentOrPriority);
    statusBarItems.push(item);
    return item;
  },
  registerWebviewPanelSerializer(): Disposable {
    return new Disposable();
  },
  createWebviewPanel(viewType: string, title: string, show: vscode.ViewColumn | { readonly viewColumn: vscode.ViewColumn; readonly preserveFocus?: boolean }, options?: vscode.WebviewPanelOptions & vscode.WebviewOptions): WebviewPanelStub {
    const panel = new WebviewPanelStub(viewType, title, typeof show === 'number' ? show : show.viewColumn, options);
    panels.push(panel);
    return panel;
  },
  activeTextEditor: undefined as vscode.TextEditor | undefined,
} satisfies Partial<typeof vscode.window>;

/** A webview panel that records what the host posts; the page side is not simulated. */
export class WebviewPanelStub implements vscode.WebviewPanel {
  readonly posted: unknown[] = [];
  visible = true;
  active = true;
  private readonly disposeEmitter = new EventEmitter<void>();
  private readonly messageEmitter = new EventEmitter<unknown>();
  private readonly viewStateEmitter = new EventEmitter<vscode.WebviewPanelOnDidChangeViewStateEvent>();
  readonly onDidDispose = this.disposeEmitter.event;
  readonly onDidChangeViewState = this.viewStateEmitter.event;
  readonly webview: vscode.Webview = {
    html: '',
    options: {},
    cspSource: 'vscode-resource:',
    asWebviewUri: (u: vscode.Uri) => Uri.parse(`vscode-resource:${u.fsPath}`),
    postMessage: async (m: unknown) => { this.posted.push(m); return true; },
    onDidReceiveMessage: this.messageEmitter.event,
  };
  readonly options: vscode.WebviewPanelOptions;
  constructor(readonly viewType: string, public title: string, public viewColumn: vscode.ViewColumn | undefined = ViewColumn.One, options: vscode.WebviewPanelOptions & vscode.WebviewOptions = {}) {
    this.options = options;
    this.webview.options = options;
  }
  /** What the page would send (e.g. `{type: 'timeline/page/ready'}`). */
  receive(message: unknown): void {
    this.messageEmitter.fire(message);
  }
  reveal(viewColumn?: vscode.ViewColumn): void {
    this.visible = true;
    if (viewColumn !== undefined) this.viewColumn = viewColumn;
  }
  dispose(): void { this.disposeEmitter.fire(); }
}
export const panels: WebviewPanelStub[] = [];

export enum ViewColumn { Active = -1, Beside = -2, One = 1, Two = 2, Three = 3, Four = 4, Five = 5, Six = 6, Seven = 7, Eight = 8, Nine = 9 }

// ---- workspace, configuration, trust ------------------------------------------------------------

/** What the person set (user settings), by full key: `nemo.apiBaseUrl`. */
export const configValues: Record<string, unknown> = {};
const configEmitter = new EventEmitter<vscode.ConfigurationChangeEvent>();
const trustEmitter = new EventEmitter<void>();

/**
 * The defaults VS Code would know: this extension's contributed ones, read from package.json as
 * VS Code reads them (a setting without "default" gets its type's empty value), plus the editor's
 * own that we read.
 */
const contributed = (manifest.contributes.configuration.properties as Record<string, { default?: unknown; type?: unknown }>);
/**
 * What VS Code's configuration registry gives a contributed setting that declares no "default": the
 * empty value of its (first) type, so an unset number reads 0, never undefined.
 */
function typeDefault(type: unknown): unknown {
  switch (Array.isArray(type) ? type[0] : type) {
    case 'boolean': return false;
    case 'integer': case 'number': return 0;
    case 'string': return '';
    case 'array': return [];
    case 'object': return {};
    default: return null;
  }
}

const defaultValues: Record<string, unknown> = {
  'http.proxy': '',
  ...Object.fromEntries(Object.entries(contributed).map(([k, p]) => [k, Object.hasOwn(p, 'default') ? p.default : typeDefault(p.type)])),
};

export function setConfig(key: string, value: unknown): void {
  if (value === undefined) delete configValues[key];
  else configValues[key] = value;
  configEmitter.fire({ affectsConfiguration: (s: string) => key === s || key.startsWith(s + '.') });
}

/** Drops every setting the person made (the defaults stay, as in a fresh profile). */
export function resetConfig(): void {
  for (const k of Object.keys(configValues)) delete configValues[k];
}

/** VS Code's lookup: the person's value, else the contributed default, else the caller's. */
function configuration(section: string | undefined): vscode.WorkspaceConfiguration {
  const full = (k: string) => (section ? `${section}.${k}` : k);
  const lookUp = (k: string): unknown => (Object.hasOwn(configValues, full(k)) ? configValues[full(k)] : defaultValues[full(k)]);
  return {
    get<T>(key: string, defaultValue?: T): T | undefined {
      const v = lookUp(key);
      return (v === undefined ? defaultValue : v) as T | undefined;
    },
    has: (key: string) => lookUp(key) !== undefined,
    async update(key: string, value: unknown): Promise<void> {
      setConfig(full(key), value);
    },
    inspect<T>(key: string) {
      const k = full(key);
      return {
        key: k,
        ...(Object.hasOwn(defaultValues, k) ? { defaultValue: defaultValues[k] as T } : {}),
        ...(Object.hasOwn(configValues, k) ? { globalValue: configValues[k] as T } : {}),
      };
    },
  };
}

export const workspace = {
  workspaceFolders: undefined as vscode.WorkspaceFolder[] | undefined,
  isTrusted: true as boolean,
  getConfiguration: (section?: string) => configuration(section),
  onDidChangeConfiguration: configEmitter.event,
  onDidGrantWorkspaceTrust: trustEmitter.event,
  getWorkspaceFolder(uri: vscode.Uri): vscode.WorkspaceFolder | undefined {
    return workspace.workspaceFolders?.find((f) => uri.fsPath === f.uri.fsPath || uri.fsPath.startsWith(f.uri.fsPath + path.sep));
  },
} satisfies Partial<typeof vscode.workspace>;

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
  async openExternal(uri: vscode.Uri): Promise<boolean> {
    ui.opened.push(uri.toString());
    return true;
  },
} satisfies Partial<typeof vscode.env>;

/** The commands registered so far, by id (what the tests call and list). */
export const registeredCommands = new Map<string, (...args: any[]) => unknown>();
export const commands = {
  registerCommand(id: string, fn: (...args: any[]) => unknown): Disposable {
    registeredCommands.set(id, fn);
    return new Disposable(() => registeredCommands.delete(id));
  },
  async executeCommand<T>(id: string, ...args: unknown[]): Promise<T> {
    ui.executed.push({ command: id, args });
    const fn = registeredCommands.get(id);
    return (fn ? await fn(...args) : undefined) as T;
  },
} satisfies Partial<typeof vscode.commands>;

export const l10n = {
  t(message: string | { message: string; args?: unknown }, ...args: unknown[]): string {
    const text = typeof message === 'string' ? message : message.message;
    const values = typeof message === 'string' ? (Array.isArray(args[0]) ? args[0] : typeof args[0] === 'object' && args[0] !== null ? args[0] : args) : (message.args ?? []);
    return text.replace(/\{(\w+)\}/g, (m, k) => { const v = (values as any)[k]; return v === undefined ? m : String(v); });
  },
  bundle: undefined as Record<string, string> | undefined,
  uri: undefined as Uri | undefined,
} satisfies Partial<typeof vscode.l10n>;

export const participants: vscode.ChatParticipant[] = [];
export const chat = {
  createChatParticipant(id: string, requestHandler: vscode.ChatRequestHandler): vscode.ChatParticipant {
    const p: vscode.ChatParticipant = { id, requestHandler, onDidReceiveFeedback: new EventEmitter<vscode.ChatResultFeedback>().event, dispose: () => undefined };
    participants.push(p);
    return p;
  },
} satisfies Partial<typeof vscode.chat>;

/** Records every part a chat handler writes, in order. */
export class RecordingChatStream implements vscode.ChatResponseStream {
  readonly parts: { kind: 'markdown' | 'progress' | 'button' | 'reference' | 'anchor' | 'filetree'; value: any }[] = [];
  markdown(v: string | MarkdownString): void {
    this.parts.push({ kind: 'markdown', value: typeof v === 'string' ? new MarkdownString(v) : v });
  }
  progress(v: string): void {
    this.parts.push({ kind: 'progress', value: v });
  }
  button(v: vscode.Command): void {
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
  push(part: vscode.ChatResponsePart): void {
    throw new Error(`the stand-in chat stream does not record push() (${part.constructor.name}): write it with its own method`);
  }
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

export class MemoryMemento implements vscode.Memento {
  constructor(readonly values: Map<string, unknown> = new Map()) {}
  get<T>(key: string): T | undefined;
  get<T>(key: string, defaultValue: T): T;
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

export class MemorySecrets implements vscode.SecretStorage {
  private emitter = new EventEmitter<vscode.SecretStorageChangeEvent>();
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
  const extensionUri = Uri.file(extensionDir);
  return {
    subscriptions: [] as { dispose(): unknown }[],
    workspaceState: new MemoryMemento(storage.workspaceState),
    globalState: new MemoryMemento(storage.globalState),
    secrets: new MemorySecrets(storage.secrets),
    globalStorageUri: Uri.file(storage.globalStorageDir),
    extensionUri,
    extensionPath: extensionDir,
    extensionMode: ExtensionMode.Test,
    extension: {
      id: 'nemo-video.nemo-vscode', extensionUri, extensionPath: extensionDir, isActive: true, packageJSON: manifest,
      extensionKind: ExtensionKind.Workspace, exports: undefined, activate: async () => undefined,
    },
    asAbsolutePath: (p: string) => path.join(extensionDir, p),
  } satisfies Partial<vscode.ExtensionContext>;
}

// The static sides (constructors, factories, enum values) checked against the real ones; the
// instances are checked by `implements`, the namespaces by `satisfies` where they are declared.
void ({
  Disposable, EventEmitter, CancellationTokenSource, Uri, MarkdownString, ThemeColor, ThemeIcon, Location,
  StatusBarAlignment, ProgressLocation, ConfigurationTarget, ExtensionMode, ExtensionKind, ChatResultFeedbackKind, LogLevel, ViewColumn,
} satisfies Partial<typeof vscode>);

// ---- language model tools -------------------------------------------------------------------------

export { lm, toolUi, LanguageModelTextPart, LanguageModelToolResult, CancellationError } from './lm';
