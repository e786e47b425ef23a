// The timeline panel's host side: creates or restores the WebviewPanel, serves the locked-down
// page, keeps the panel's snapshot, answers each `ready` with it, and hands validated page
// requests to the extension's TimelineController.
//
// The page is not retained while hidden (it is rebuilt when shown again, which costs less memory
// than retainContextWhenHidden), so every show sends a new `ready` and gets the whole snapshot.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  applyHostMessage, type Credits, emptySnapshot, type ExportProgress, type HostMessage, type PanelSnapshot,
  parseSnapshot, TIMELINE_VIEW_TYPE, type TimelineView,
} from '../../shared/protocol';
import { safeText } from '../../shared/safeText';
import { buildTimelineHtml, makeNonce } from './html';
import { handlePageMessage, type TimelineController } from './pageMessages';
import type { TimelineViewState } from './viewState';

export interface TimelinePanelOptions {
  /** One line per rejected page message or failed request (never anything secret). */
  log: (line: string) => void;
  /** Where exported MP4s are written: with media/ and dist/, the only folder the page may load from. */
  exportFolder?: vscode.Uri;
  viewColumn?: vscode.ViewColumn;
  preserveFocus?: boolean;
  /** The window's balance: the page shows it as the status bar does, and follows its changes. */
  credits?: { readonly current: Credits | undefined; readonly onDidChange: vscode.Event<Credits> };
}

export class TimelinePanel implements vscode.Disposable {
  private static current: TimelinePanel | undefined;

  /** The open panel, if any: where the extension sends updates after any turn, upload or export. */
  static get active(): TimelinePanel | undefined {
    return TimelinePanel.current;
  }

  /** Reveals the panel, creating it the first time. */
  static show(ctx: vscode.ExtensionContext, controller: TimelineController, opts: TimelinePanelOptions): TimelinePanel {
    const existing = TimelinePanel.current;
    if (existing) {
      existing.panel.reveal(opts.viewColumn, opts.preserveFocus);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      TIMELINE_VIEW_TYPE,
      vscode.l10n.t('Nemo Timeline'),
      { viewColumn: opts.viewColumn ?? vscode.ViewColumn.Beside, preserveFocus: opts.preserveFocus ?? false },
      webviewOptions(ctx, opts.exportFolder),
    );
    return new TimelinePanel(panel, ctx, controller, opts, emptySnapshot());
  }

  /**
   * Restores the panel after a reload. The page draws its own saved snapshot at once; the host
   * asks the controller for fresh data only when the page is up, which happens once it is visible.
   * (package.json needs the activation event `onWebviewPanel:nemo.timeline`.)
   */
  static registerSerializer(ctx: vscode.ExtensionContext, controller: TimelineController, opts: TimelinePanelOptions): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => {
        panel.webview.options = webviewOptions(ctx, opts.exportFolder);
        TimelinePanel.current?.dispose(); // at most one panel: the restored one wins
        new TimelinePanel(panel, ctx, controller, opts, parseSnapshot(state) ?? emptySnapshot());
      },
    });
  }

  private snapshot: PanelSnapshot;
  private exportFile: string | undefined;
  /** The one folder of exports the page may load from (besides the extension's media/ and dist/). */
  private exportFolder: vscode.Uri | undefined;
  private pageReady = false;
  /** Ask the controller for data at the first `ready`, unless the extension already sent some. */
  private needsRefresh = true;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly ctx: vscode.ExtensionContext,
    private readonly controller: TimelineController,
    private readonly opts: TimelinePanelOptions,
    initial: PanelSnapshot,
  ) {
    TimelinePanel.current = this;
    this.exportFolder = opts.exportFolder;
    // A snapshot restored from a previous window must not claim work is still running here.
    const { busyLabel: _stale, ...rest } = initial;
    this.snapshot = { ...rest, busy: false };
    if (opts.credits) {
      const { current, onDidChange } = opts.credits;
      if (current) this.setCredits(current);
      this.disposables.push(onDidChange((c) => this.setCredits(c)));
    }
    const media = vscode.Uri.joinPath(ctx.extensionUri, 'media');
    panel.webview.html = buildTimelineHtml({
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'timeline.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'timeline.css')).toString(),
      nonce: makeNonce(),
      title: vscode.l10n.t('Nemo Timeline'),
      lang: vscode.env.language,
      l10nBundle: vscode.l10n.bundle,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => handlePageMessage(raw, {
        controller,
        log: opts.log,
        onReady: () => this.onReady(),
        exportFile: () => this.exportFile,
      })),
      // A hidden page is torn down: nothing posted until it says `ready` again.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.pageReady = false;
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Draws a session: draft, media, the last edit's changes, the latest export. */
  setState(state: TimelineViewState): void {
    this.needsRefresh = false;
    const { exportFile, ...rest } = state;
    const view: TimelineView = rest;
    this.exportFile = undefined;
    if (exportFile !== undefined) {
      const exported = this.exportedVideo(exportFile);
      if (exported) {
        view.exported = exported;
        this.exportFile = exportFile;
      }
    }
    this.send({ type: 'timeline/view/set', view });
  }

  /**
   * Lets the page load exports from `folder` (the folder of the latest export) instead of the one it
   * had. Changing a webview's options reloads its page, which then asks for the snapshot again.
   */
  useExportFolder(folder: vscode.Uri): void {
    if (this.exportFolder && path.relative(this.exportFolder.fsPath, folder.fsPath) === '') return;
    this.exportFolder = folder;
    this.panel.webview.options = webviewOptions(this.ctx, folder);
  }

  /** Starts a reply entry for a message (typed in the panel or sent from chat). */
  startReply(prompt: string): void {
    this.send({ type: 'timeline/reply/start', prompt });
  }

  /** Whole sentences of the agent's reply (or closing lines): cleaned and redacted like every surface's. */
  appendReply(text: string): void {
    const shown = safeText(text);
    if (shown !== '') this.send({ type: 'timeline/reply/append', text: shown });
  }

  endReply(error?: string): void {
    this.send(error === undefined ? { type: 'timeline/reply/end' } : { type: 'timeline/reply/end', error });
  }

  setBusy(busy: boolean, label?: string): void {
    this.send(label === undefined ? { type: 'timeline/busy/set', busy } : { type: 'timeline/busy/set', busy, label });
  }

  setExportProgress(progress: ExportProgress): void {
    this.send({ type: 'timeline/export/progress', progress });
  }

  setCredits(credits: Credits): void {
    this.send({ type: 'timeline/credits/set', credits });
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  dispose(): void {
    if (TimelinePanel.current === this) TimelinePanel.current = undefined;
    this.pageReady = false;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose(); // no-op when VS Code is the one disposing it
    this.disposed.fire();
    this.disposed.dispose();
  }

  private send(message: HostMessage): void {
    this.snapshot = applyHostMessage(this.snapshot, message);
    if (this.pageReady) void this.panel.webview.postMessage(message);
  }

  private onReady(): void {
    this.pageReady = true;
    void this.panel.webview.postMessage({ type: 'timeline/snapshot/set', snapshot: this.snapshot } satisfies HostMessage);
    if (this.needsRefresh && this.panel.visible) {
      this.needsRefresh = false;
      void this.controller.refresh().catch((err: unknown) =>
        this.opts.log(`timeline: refresh failed: ${err instanceof Error ? err.message : String(err)}`));
    }
  }

  /** The exported file as the page may load it: only from inside the export folder. */
  private exportedVideo(file: string): { name: string; src: string } | undefined {
    const folder = this.exportFolder?.fsPath;
    const relative = folder ? path.relative(folder, file) : '..';
    if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
      this.opts.log('timeline: the exported file is outside the export folder; not offered for playback');
      return undefined;
    }
    return { name: path.basename(file), src: this.panel.webview.asWebviewUri(vscode.Uri.file(file)).toString() };
  }
}

function webviewOptions(ctx: vscode.ExtensionContext, exportFolder: vscode.Uri | undefined): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  const roots = [vscode.Uri.joinPath(ctx.extensionUri, 'media'), vscode.Uri.joinPath(ctx.extensionUri, 'dist')];
  if (exportFolder) roots.push(exportFolder);
  return { enableScripts: true, enableCommandUris: false, enableForms: false, localResourceRoots: roots, retainContextWhenHidden: false };
}
