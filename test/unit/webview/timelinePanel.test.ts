import '../../support/vscode/register';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TimelineController } from '../../../src/extension/timeline/pageMessages';
import { TimelinePanel } from '../../../src/extension/timeline/timelinePanel';
import { emptySnapshot, type HostMessage, type PanelSnapshot } from '../../../src/shared/protocol';
import { makeContext, panels, type WebviewPanelStub } from '../../support/vscode';

const EXT = path.resolve('/ext');
const VIDEOS = path.resolve('/work/videos');

function setup() {
  const calls: string[] = [];
  const logs: string[] = [];
  const rec = (name: string) => async (arg?: string) => {
    calls.push(arg === undefined ? name : `${name}:${arg}`);
  };
  const controller: TimelineController = {
    prompt: rec('prompt'), exportVideo: rec('exportVideo'), exportLocally: rec('exportLocally'), refresh: rec('refresh'), newSession: rec('newSession'),
    showCredits: rec('showCredits'), openWebEditor: rec('openWebEditor'), openExternally: rec('openExternally'),
  };
  const ctx = makeContext({ workspaceState: new Map(), globalState: new Map(), secrets: new Map(), globalStorageDir: '/tmp/g' }, EXT) as unknown as vscode.ExtensionContext;
  const opts = { log: (l: string) => logs.push(l), exportFolder: vscode.Uri.file(VIDEOS) };
  return { calls, logs, controller, ctx, opts };
}

/** The message posted at `i`, which must be a snapshot. */
function snapshotAt(stub: WebviewPanelStub, i: number): PanelSnapshot {
  const m = stub.posted.at(i) as HostMessage;
  assert.equal(m.type, 'timeline/snapshot/set');
  return m.snapshot;
}

/** Lets the page-message handler (async) run. */
const settle = () => new Promise((r) => setImmediate(r));

describe('TimelinePanel (host, on the vscode stand-in)', () => {
  afterEach(() => TimelinePanel.active?.dispose());

  it('opens one locked-down panel and reveals it again on a second show', () => {
    const { controller, ctx, opts } = setup();
    const before = panels.length;
    const created: unknown[][] = [];
    const original = vscode.window.createWebviewPanel;
    vscode.window.createWebviewPanel = ((...args: Parameters<typeof original>) => {
      created.push(args);
      return original(...args);
    }) as typeof original;
    let panel: TimelinePanel;
    try {
      panel = TimelinePanel.show(ctx, controller, opts);
      assert.equal(TimelinePanel.show(ctx, controller, opts), panel);
    } finally {
      vscode.window.createWebviewPanel = original;
    }
    assert.equal(panels.length, before + 1);
    assert.equal(created.length, 1);
    const stub = panels.at(-1)!;
    const options = created[0][3] as vscode.WebviewOptions & vscode.WebviewPanelOptions;
    assert.equal(options.retainContextWhenHidden, false);
    assert.equal(options.enableScripts, true);
    assert.equal(options.enableCommandUris, false);
    assert.deepEqual(options.localResourceRoots?.map((u) => u.fsPath), [path.join(EXT, 'media'), path.join(EXT, 'dist'), VIDEOS]);
    const nonce = /script-src 'nonce-([^']+)'/.exec(stub.webview.html)?.[1];
    assert.ok(nonce && stub.webview.html.includes(`<script nonce="${nonce}" src="vscode-resource:${path.join(EXT, 'media', 'timeline.js')}">`));
    assert.match(stub.webview.html, /default-src 'none'.*connect-src 'none'/);
  });

  it('posts nothing before the page is ready, then the whole snapshot, then deltas; refreshes once when it has no data', async () => {
    const { calls, controller, ctx, opts } = setup();
    const panel = TimelinePanel.show(ctx, controller, opts);
    const stub = panels.at(-1)!;
    panel.setBusy(true, 'Working');
    panel.startReply('make a video');
    panel.appendReply('On it.');
    assert.deepEqual(stub.posted, []);
    stub.receive({ type: 'timeline/page/ready' });
    await settle();
    const snapshot = snapshotAt(stub, 0);
    assert.deepEqual(snapshot, { busy: true, busyLabel: 'Working', conversation: [{ prompt: 'make a video', reply: 'On it.', done: false }] });
    assert.deepEqual(calls, ['refresh'], 'a panel with no data asks for it once the page is up');
    panel.endReply();
    panel.setExportProgress({ stage: 'rendering', percent: 40 });
    panel.setCredits({ available: 50, frozen: 0, total: 100 });
    assert.deepEqual(stub.posted.slice(1).map((m) => (m as HostMessage).type), ['timeline/reply/end', 'timeline/export/progress', 'timeline/credits/set']);
    stub.receive({ type: 'timeline/page/ready' }); // the page was rebuilt (hidden, shown again)
    await settle();
    assert.deepEqual(calls, ['refresh'], 'no second refresh');
    const again = snapshotAt(stub, -1);
    assert.equal(again.exportProgress?.percent, 40);
    assert.equal(again.conversation[0].done, true);
  });

  it('offers the exported file for playback only from the export folder, and opens only that file', async () => {
    const { calls, logs, controller, ctx, opts } = setup();
    const panel = TimelinePanel.show(ctx, controller, opts);
    const stub = panels.at(-1)!;
    panel.setState({ media: [], changes: [], exportFile: path.join(VIDEOS, 'night.mp4') });
    stub.receive({ type: 'timeline/page/ready' });
    await settle();
    assert.deepEqual(calls, [], 'the extension already sent data: no refresh');
    const view = snapshotAt(stub, 0).view;
    assert.deepEqual(view?.exported, { name: 'night.mp4', src: `vscode-resource:${path.join(VIDEOS, 'night.mp4')}` });
    stub.receive({ type: 'timeline/video/openExternally', file: '/etc/passwd' });
    await settle();
    assert.deepEqual(calls, [`openExternally:${path.join(VIDEOS, 'night.mp4')}`]);

    panel.setState({ media: [], changes: [], exportFile: path.resolve('/elsewhere/x.mp4') });
    assert.equal((stub.posted.at(-1) as Extract<HostMessage, { type: 'timeline/view/set' }>).view.exported, undefined);
    assert.match(logs.at(-1) ?? '', /outside the export folder/);
  });

  it('rejects malformed page messages with a log line and acts on valid ones', async () => {
    const { calls, logs, controller, ctx, opts } = setup();
    TimelinePanel.show(ctx, controller, opts);
    const stub = panels.at(-1)!;
    stub.receive({ type: 'timeline/prompt/send', text: { toString: 'x' } });
    stub.receive('<script>');
    stub.receive({ type: 'timeline/prompt/send', text: 'add music' });
    await settle();
    assert.deepEqual(calls, ['prompt:add music']);
    assert.equal(logs.filter((l) => l.startsWith('timeline: rejected a page message')).length, 2);
  });

  it('restores from the saved snapshot, never claiming old work still runs, and refreshes when the page is up', async () => {
    const { calls, controller, ctx, opts } = setup();
    let serializer: vscode.WebviewPanelSerializer | undefined;
    const original = vscode.window.registerWebviewPanelSerializer;
    vscode.window.registerWebviewPanelSerializer = ((_type: string, s: vscode.WebviewPanelSerializer) => {
      serializer = s;
      return new vscode.Disposable(() => undefined);
    }) as typeof original;
    try {
      TimelinePanel.registerSerializer(ctx, controller, opts);
    } finally {
      vscode.window.registerWebviewPanelSerializer = original;
    }
    const saved: PanelSnapshot = { ...emptySnapshot(), busy: true, busyLabel: 'Rendering', conversation: [{ prompt: 'p', reply: 'r', done: true }] };
    const stub = vscode.window.createWebviewPanel('nemo.timeline', 'Nemo Timeline', 1) as unknown as WebviewPanelStub;
    await serializer!.deserializeWebviewPanel(stub as unknown as vscode.WebviewPanel, saved);
    assert.ok(TimelinePanel.active);
    assert.deepEqual(calls, [], 'no network call before the page is up');
    assert.match(stub.webview.html, /timeline\.js/);
    stub.receive({ type: 'timeline/page/ready' });
    await settle();
    const snapshot = snapshotAt(stub, 0);
    assert.deepEqual(snapshot, { busy: false, conversation: [{ prompt: 'p', reply: 'r', done: true }] });
    assert.deepEqual(calls, ['refresh']);

    // A restored panel in a background tab: its page may announce itself, but nothing is fetched
    // until the panel is on screen (when VS Code rebuilds its page, which says `ready` again).
    const hidden = vscode.window.createWebviewPanel('nemo.timeline', 'Nemo Timeline', 1) as unknown as WebviewPanelStub;
    hidden.visible = false;
    calls.length = 0;
    await serializer!.deserializeWebviewPanel(hidden as unknown as vscode.WebviewPanel, saved);
    hidden.receive({ type: 'timeline/page/ready' });
    await settle();
    assert.deepEqual(calls, [], 'hidden: no network call');
    assert.deepEqual(snapshotAt(hidden, 0).conversation, saved.conversation, 'the saved snapshot is drawn all the same');
    hidden.visible = true;
    hidden.receive({ type: 'timeline/page/ready' });
    await settle();
    assert.deepEqual(calls, ['refresh'], 'shown: one refresh');

    const junk = vscode.window.createWebviewPanel('nemo.timeline', 'Nemo Timeline', 1) as unknown as WebviewPanelStub;
    await serializer!.deserializeWebviewPanel(junk as unknown as vscode.WebviewPanel, { busy: 'no' });
    junk.receive({ type: 'timeline/page/ready' });
    await settle();
    assert.deepEqual(snapshotAt(junk, 0), emptySnapshot(), 'an unreadable saved state starts empty');
  });
});
