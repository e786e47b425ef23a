// In-editor suite: the installed extension in a real VS Code (or code-server) window, against the
// emulator the runner started (its URL is in the machine setting nemo.apiBaseUrl).
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'nemo-video.nemo-vscode';
const COMMANDS = [
  'nemo.generateVideo', 'nemo.sendMessage', 'nemo.exportVideo', 'nemo.showTimeline', 'nemo.showCredits',
  'nemo.newSession', 'nemo.setToken', 'nemo.signOut', 'nemo.cancelExport', 'nemo.showLog', 'nemo.uploadFiles', 'nemo.checkConnection',
];

function emulatorUrl(): string | undefined {
  const url = vscode.workspace.getConfiguration('nemo').get<string>('apiBaseUrl') ?? '';
  return /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?/.test(url) ? url : undefined;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('Nemo extension in the editor', function () {
  this.timeout(240_000);
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;

  it('activates and contributes its commands', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'the extension is installed');
    await ext.activate();
    assert.ok(ext.isActive);
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of COMMANDS) assert.ok(all.has(id), id);
    assert.deepEqual(ext.packageJSON.extensionKind, ['workspace']);
    assert.ok(!(ext.packageJSON.activationEvents as string[]).includes('*'));
  });

  it('Generate Video then Export Video puts a playable MP4 in <workspace>/videos', async function () {
    if (!emulatorUrl() || !workspace) this.skip();
    const videos = path.join(workspace!, 'videos');
    const before = existsSync(videos) ? new Set(await readdir(videos)) : new Set<string>();
    await vscode.commands.executeCommand('nemo.newSession');
    await vscode.commands.executeCommand('nemo.generateVideo', 'Make a 5-second video of a lighthouse at dusk with background music');
    await vscode.commands.executeCommand('nemo.exportVideo');
    const file = await waitFor('the exported MP4', async () => {
      if (!existsSync(videos)) return undefined;
      return (await readdir(videos)).find((f) => f.endsWith('.mp4') && !before.has(f));
    });
    const bytes = await readFile(path.join(videos, file));
    assert.equal(bytes.subarray(4, 8).toString('latin1'), 'ftyp', 'an MP4 container');
    assert.ok(bytes.length > 1000);
    assert.match(file, /lighthouse.*-\d{8}-\d{6}\.mp4$/);
    assert.deepEqual((await readdir(videos)).filter((f) => !f.endsWith('.mp4')), [], 'no temporary files left');
  });

  it('offers its language model tools to agents: generate through vscode.lm.invokeTool, then export leaves the MP4 at the path it names', async function () {
    if (!emulatorUrl() || !workspace) this.skip();
    const ours = vscode.lm.tools.filter((t) => t.name.startsWith('nemo_'));
    // Every tool the manifest contributes is registered (the manifest test checks it against src/tools' catalog).
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { languageModelTools: { name: string }[] } };
    const contributed = manifest.contributes.languageModelTools.map((t) => t.name).sort();
    assert.ok(contributed.includes('nemo_generate_video') && contributed.includes('nemo_export_video'), contributed.join(' '));
    assert.deepEqual(ours.map((t) => t.name).sort(), contributed);
    const textOf = (r: vscode.LanguageModelToolResult) => r.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('\n');
    const invoke = async (name: string, input: object) => textOf(await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }));

    // Invoked by an extension rather than from a chat, code-server 1.139 shows no confirmation (the
    // unit suite checks prepareInvocation's words on the stand-in).
    const generated = await invoke('nemo_generate_video', { prompt: 'a 5-second video of a paper boat on a pond', ratio: '9:16' });
    assert.match(generated, /Timeline \(\d+ tracks?\)/);
    assert.match(generated, /This turn used 100 credits/);

    const exported = await invoke('nemo_export_video', { folder: 'docs' });
    const rel = /Saved the video to (docs\/\S+\.mp4)/.exec(exported)?.[1];
    assert.ok(rel, exported);
    const bytes = await readFile(path.join(workspace!, rel));
    assert.equal(bytes.subarray(4, 8).toString('latin1'), 'ftyp', 'an MP4 container');
  });

  it('shows the timeline panel and the log without errors', async function () {
    if (!emulatorUrl()) this.skip();
    await vscode.commands.executeCommand('nemo.showTimeline');
    await vscode.commands.executeCommand('nemo.showLog');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
    assert.ok(tabs.some((l) => /Nemo Timeline/.test(l)), `tabs: ${tabs.join(', ')}`);
  });
});
