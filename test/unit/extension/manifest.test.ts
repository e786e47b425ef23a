// The manifest and the bundle: what VS Code reads before any of our code runs.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import * as path from 'node:path';
import { SLASH_COMMANDS, slashDescriptionKey } from '../../../src/chat/slashCommands';
import { UPLOAD_FORMATS } from '../../../src/nemo/fileTypes';
import { TOOL_CATALOG } from '../../../src/tools/catalog';

const root = path.join(__dirname, '../../..');

/** `npm test` builds first; a targeted run without a build fails with the fix rather than skipping. */
function assertBuilt(...files: string[]): void {
  for (const f of files) assert.ok(existsSync(f), `${path.relative(root, f)} is missing: run \`npm run build\` first`);
}
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
const nlsZh = JSON.parse(readFileSync(path.join(root, 'package.nls.zh-cn.json'), 'utf8'));

describe('extension: manifest and bundle', () => {
  it('activates on its contributions and onStartupFinished, never on *', () => {
    assert.ok(pkg.activationEvents.includes('onStartupFinished'));
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.equal(pkg.main, './dist/extension.js');
    assert.deepEqual(pkg.extensionKind, ['workspace']);
    assert.equal(pkg.capabilities.virtualWorkspaces, false);
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('nemo.apiBaseUrl'));
    assert.equal(pkg.engines.vscode, '^1.95.0');
  });

  it('declares the oldest VS Code with language model tools (1.95) and types of exactly that version', () => {
    const floor = /^\^(\d+\.\d+)\.\d+$/.exec(pkg.engines.vscode)![1];
    assert.equal(floor, '1.95');
    assert.equal(pkg.devDependencies['@types/vscode'], '1.95.0', 'newer types would let newer APIs in and raise the floor');
    const installed = JSON.parse(readFileSync(path.join(root, 'node_modules/@types/vscode/package.json'), 'utf8')).version as string;
    assert.ok(installed.startsWith(`${floor}.`), installed);
  });

  it('contributes the commands the issue names', () => {
    assert.deepEqual(pkg.contributes.commands.map((c: { command: string }) => c.command).sort(), [
      'nemo.answerQuestion', 'nemo.cancelExport', 'nemo.checkConnection', 'nemo.exportLocally', 'nemo.exportVideo', 'nemo.generateVideo', 'nemo.newSession', 'nemo.openWebEditor', 'nemo.sendMessage', 'nemo.setToken',
      'nemo.showCredits', 'nemo.showLog', 'nemo.showTimeline', 'nemo.signOut', 'nemo.uploadFiles',
    ]);
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.sort(), ['nemo.apiBaseUrl', 'nemo.exportFolder', 'nemo.ffmpegPath']);
  });

  it('lists exactly the slash commands of src/chat\'s table, in its order, each described in both languages', () => {
    const [participant] = pkg.contributes.chatParticipants;
    assert.deepEqual(participant.commands, SLASH_COMMANDS.map((c) => ({ name: c.name, description: `%${slashDescriptionKey(c.name)}%` })));
    for (const c of SLASH_COMMANDS) {
      assert.ok(nls[slashDescriptionKey(c.name)], `package.nls.json: ${slashDescriptionKey(c.name)}`);
      assert.ok(nlsZh[slashDescriptionKey(c.name)], `package.nls.zh-cn.json: ${slashDescriptionKey(c.name)}`);
    }
  });

  it('contributes the participant, the commands under "Nemo" and machine-scoped API base', () => {
    const [participant] = pkg.contributes.chatParticipants;
    assert.equal(participant.id, 'nemo.nemo');
    assert.equal(participant.name, 'nemo');
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'Nemo', c.command);
    const props = pkg.contributes.configuration.properties;
    assert.equal(props['nemo.apiBaseUrl'].scope, 'machine');
    assert.deepEqual(Object.keys(props).sort(), ['nemo.apiBaseUrl', 'nemo.exportFolder', 'nemo.ffmpegPath', 'nemo.language', 'nemo.localExportScale', 'nemo.pollIntervalSeconds',
      'nemo.streamMaxSeconds', 'nemo.streamSilenceSeconds', 'nemo.webBaseUrl']);
    // The web editor's address is held to the API base's rule, in the Settings editor too.
    assert.equal(props['nemo.webBaseUrl'].scope, 'machine');
    assert.equal(props['nemo.webBaseUrl'].pattern, props['nemo.apiBaseUrl'].pattern);
    // Open in Nemo Web Editor is enabled only with a session (the key workspaceSession.ts sets).
    assert.equal(pkg.contributes.commands.find((c: { command: string }) => c.command === 'nemo.openWebEditor').enablement, 'nemo.hasSession');
    // An executable's path: never taken from a workspace's settings (a cloned repository could name any program).
    assert.equal(props['nemo.ffmpegPath'].scope, 'machine');
  });

  it('gives the poll interval no default: unset must mean the adaptive schedule, not a fixed 30 s', () => {
    // VS Code's get() returns a contributed default as if the person had set it.
    assert.equal('default' in pkg.contributes.configuration.properties['nemo.pollIntervalSeconds'], false);
  });

  it('gives the stream limits no default: unset means the documented limits, and an unset silence limit fits under a set cap', () => {
    for (const key of ['nemo.streamSilenceSeconds', 'nemo.streamMaxSeconds']) {
      const spec = pkg.contributes.configuration.properties[key];
      assert.equal('default' in spec, false, key);
      assert.deepEqual([spec.type, spec.minimum, spec.maximum], ['number', 1, 86_400], key);
    }
  });

  it('offers "Upload to Nemo" exactly for the 13 accepted extensions', () => {
    for (const menu of ['explorer/context', 'editor/title']) {
      const entry = pkg.contributes.menus[menu].find((m: { command: string }) => m.command === 'nemo.uploadFiles');
      const listed = /\(([^)]+)\)/.exec(entry.when)![1].split('|').sort();
      assert.deepEqual(listed, [...UPLOAD_FORMATS].sort(), menu);
      assert.match(entry.when, /resourceExtname/);
    }
  });

  it('has every %key% of the manifest in package.nls.json and its zh-cn translation', () => {
    const keys = [...JSON.stringify(pkg).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    assert.ok(keys.length > 20);
    for (const k of keys) {
      assert.equal(typeof nls[k], 'string', `package.nls.json: ${k}`);
      assert.equal(typeof nlsZh[k], 'string', `package.nls.zh-cn.json: ${k}`);
    }
    assert.deepEqual(Object.keys(nlsZh).sort(), Object.keys(nls).sort());
  });

  it('keeps the HTTP stack out of dist/extension.js (it loads dist/client.js lazily)', function () {
    const bundle = path.join(root, 'dist/extension.js');
    assertBuilt(bundle);
    const text = readFileSync(bundle, 'utf8');
    assert.ok(statSync(bundle).size < 100 * 1024, `${statSync(bundle).size} bytes`);
    assert.doesNotMatch(text, /undici|eventsource-parser/);
    assert.match(text, /require\("\.\/client\.js"\)/);
  });

  it('contributes the language model tools exactly as the catalog has them (nemo mcp serves the same)', () => {
    const contributed = pkg.contributes.languageModelTools as Record<string, unknown>[];
    assert.deepEqual(contributed.map((t) => ({ name: t.name, toolReferenceName: t.toolReferenceName, modelDescription: t.modelDescription, inputSchema: t.inputSchema })),
      TOOL_CATALOG.map((t) => ({ name: t.name, toolReferenceName: t.toolReferenceName, modelDescription: t.modelDescription, inputSchema: t.inputSchema })));
    for (const t of contributed) {
      assert.equal(t.canBeReferencedInPrompt, true, `#${String(t.toolReferenceName)} usable in a prompt`);
      for (const key of [t.displayName, t.userDescription]) assert.match(String(key), /^%tools\.\w+\.\w+%$/);
    }
  });

  it('loads the tools lazily from dist/tools.js, which holds no HTTP stack; the MCP SDK and zod stay in the CLI', function () {
    const ext = path.join(root, 'dist/extension.js');
    const tools = path.join(root, 'dist/tools.js');
    assertBuilt(ext, tools);
    assert.match(readFileSync(ext, 'utf8'), /require\("\.\/tools\.js"\)/);
    for (const f of [ext, tools]) assert.doesNotMatch(readFileSync(f, 'utf8'), /undici|eventsource-parser|modelcontextprotocol|fromJSONSchema/, f);
    assert.match(readFileSync(path.join(root, 'dist/cli.js'), 'utf8'), /modelcontextprotocol/);
  });

  it('packages only the bundles, the page assets, the walkthrough\'s images, translations, README, CHANGELOG and LICENSE (vsce ls)', async function () {
    this.timeout(180_000); // vsce reads the whole tree; slow on a busy machine
    assertBuilt(path.join(root, 'dist/extension.js'), path.join(root, 'media/timeline.js'));
    const vsce = path.join(root, 'node_modules/.bin/vsce');
    const { stdout } = await promisify(execFile)(vsce, ['ls', '--no-dependencies'], { cwd: root });
    const files = stdout.split('\n').map((l) => l.trim()).filter(Boolean).sort();
    assert.deepEqual(files, [
      'CHANGELOG.md', 'LICENSE', 'README.md', 'dist/client.js', 'dist/extension.js', 'dist/localRender.js', 'dist/tools.js', 'l10n/bundle.l10n.json', 'l10n/bundle.l10n.zh-cn.json',
      'media/fonts/DejaVu-LICENSE', 'media/fonts/DejaVuSans-Bold.ttf', 'media/icon.png', 'media/timeline.css', 'media/timeline.js',
      ...pkg.contributes.walkthroughs[0].steps.map((s: { media: { image: string } }) => s.media.image).sort(),
      'package.json', 'package.nls.json', 'package.nls.zh-cn.json',
    ]);
    // The README's relative images (media/screenshots, not packaged) become links into the repository.
    assert.match(readFileSync(path.join(root, 'README.md'), 'utf8'), /\]\(media\/screenshots\//);
    assert.match(pkg.repository.url, /^https:\/\/github\.com\//);
  });
});

describe('extension: the Getting Started walkthrough', () => {
  const [walkthrough] = pkg.contributes.walkthroughs as {
    id: string; title: string;
    steps: { id: string; title: string; description: string; media: { image: string; altText: string }; completionEvents: string[] }[];
  }[];
  const commands = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
  const key = (ref: string) => /^%(.+)%$/.exec(ref)![1];
  const links = (text: string) => [...text.matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1]);

  it('walks a newcomer through the first video, the timeline, the export, an upload, their own token and Nemo without Chat', () => {
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['firstVideo', 'timeline', 'export', 'upload', 'ownToken', 'withoutChat']);
    for (const ref of [walkthrough.title, ...walkthrough.steps.flatMap((s) => [s.title, s.description, s.media.altText])]) {
      assert.equal(typeof nls[key(ref)], 'string', `package.nls.json: ${ref}`);
      assert.equal(typeof nlsZh[key(ref)], 'string', `package.nls.zh-cn.json: ${ref}`);
    }
    assert.deepEqual(links(nls[key(walkthrough.steps[0].description)]), ['nemo.generateVideo'], 'the first step opens Generate Video');
  });

  it('links only commands the extension contributes, the same ones in every language, a button in every step', () => {
    for (const step of walkthrough.steps) {
      const en = links(nls[key(step.description)]);
      assert.ok(en.length > 0, `${step.id} has a button`);
      for (const c of en) assert.ok(commands.has(c), `${step.id} links command:${c}, which is not contributed`);
      assert.deepEqual(links(nlsZh[key(step.description)]), en, `${step.id}: the zh-cn text links the same commands`);
    }
  });

  it('shows a real PNG for every step (from the e2e run), and completes each on an event that exists', () => {
    for (const step of walkthrough.steps) {
      const file = path.join(root, step.media.image);
      assert.ok(existsSync(file), `${step.id}: ${step.media.image} is missing`);
      assert.deepEqual([...readFileSync(file).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${step.media.image} is a PNG`);
      assert.ok(step.completionEvents.length > 0, `${step.id} has a completion event`);
      for (const e of step.completionEvents) {
        const [kind, name] = e.split(/:(.*)/s);
        assert.ok(kind === 'onCommand' || kind === 'onContext', `${step.id}: ${e}`);
        if (kind === 'onCommand') assert.ok(commands.has(name), `${step.id}: ${e} names no contributed command`);
      }
    }
  });
});

describe('extension: runtime translations', () => {
  const bundle = JSON.parse(readFileSync(path.join(root, 'l10n/bundle.l10n.json'), 'utf8')) as Record<string, string>;
  const zh = JSON.parse(readFileSync(path.join(root, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
  const placeholders = (s: string) => (s.match(/\{\d+\}/g) ?? []).sort();

  it('translates every exported string into zh-cn with the same placeholders', () => {
    assert.ok(Object.keys(bundle).length > 300);
    for (const key of Object.keys(bundle)) {
      assert.equal(typeof zh[key], 'string', `missing zh-cn: ${key}`);
      assert.deepEqual(placeholders(zh[key]), placeholders(key), key);
    }
    assert.deepEqual(Object.keys(zh).filter((k) => !(k in bundle)), [], 'no stale zh-cn entries');
  });

  it('holds every string the sources pass to l10n.t (npm run l10n:export is up to date)', async function () {
    this.timeout(120_000);
    const out = await mkdtemp(path.join(tmpdir(), 'nemo-l10n-'));
    try {
      await promisify(execFile)(path.join(root, 'node_modules/.bin/vscode-l10n-dev'), ['export', '--outDir', out, './src'], { cwd: root });
      const fresh = JSON.parse(readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
      assert.deepEqual(Object.keys(fresh).filter((k) => !(k in bundle)), [], 'strings in src/ missing from l10n/bundle.l10n.json');
      assert.deepEqual(Object.keys(bundle).filter((k) => !(k in fresh)), [], 'strings no longer in src/');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
