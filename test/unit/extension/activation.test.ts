// activate() on the stand-in: it registers exactly what the manifest contributes (the participant
// with its follow-ups too), works when the editor has no Chat API, and sends nothing.
import { useWorld, stub, type World } from './harness';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { activate } from '../../../src/extension/main';
import { DEFAULT_STILL_WORKING_MS } from '../../../src/nemo/turnRunner';

const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[] };
};
const contributed = pkg.contributes.commands.map((c) => c.command).sort();

describe('extension: activation', function () {
  this.timeout(30_000);
  let world: World;
  let context: ReturnType<World['open']>['context'] | undefined;
  useWorld({}, (made) => (world = made));
  afterEach(() => {
    for (const sub of context?.subscriptions ?? []) sub.dispose();
    context = undefined;
  });

  const registeredNemoCommands = () => [...stub.registeredCommands.keys()].filter((id) => id.startsWith('nemo.')).sort();

  it('registers exactly the contributed commands and the @nemo participant with its follow-ups', async () => {
    context = world.open().context;
    const participants = stub.participants.length;
    await activate(context as unknown as vscode.ExtensionContext).resumed;
    assert.deepEqual(registeredNemoCommands(), contributed);
    const [participant, ...more] = stub.participants.slice(participants);
    assert.equal(more.length, 0);
    assert.equal(participant.id, 'nemo.nemo');
    const followups = participant.followupProvider!.provideFollowups({}, { history: [] }, new stub.CancellationTokenSource().token) as vscode.ChatFollowup[];
    assert.deepEqual(followups.map((f) => [f.label, f.command]), [['Export', 'export'], ['Export locally (ffmpeg)', 'export'], ['Make it 9:16', 'edit'], ['Show timeline', 'status']]);
    // The commands a follow-up or button names exist.
    await stub.commands.executeCommand('nemo.showLog');
    assert.ok(stub.ui.executed.some((e) => e.command === 'log.show' && e.args[0] === 'Nemo'), 'Show Log opens the "Nemo" channel');
    assert.equal(world.emu.requests.length, 0, 'activation and Show Log send nothing');
  });

  it('without a Chat API (VSCodium, code-server, Chat off) registers every command and no participant', async () => {
    const create = stub.chat.createChatParticipant;
    const participants = stub.participants.length;
    (stub.chat as { createChatParticipant?: unknown }).createChatParticipant = undefined;
    try {
      context = world.open().context;
      await activate(context as unknown as vscode.ExtensionContext).resumed;
    } finally {
      stub.chat.createChatParticipant = create;
    }
    assert.deepEqual(registeredNemoCommands(), contributed);
    assert.equal(stub.participants.length, participants);
  });

  it('leaves "Still working…" at the client\'s two-minute default', async () => {
    assert.equal(DEFAULT_STILL_WORKING_MS, 2 * 60_000);
    // Services as activate() makes them (no tuning): the client gets no override of the interval.
    const w = world.open();
    const client = await w.services.clients.get();
    assert.equal((client as unknown as { opts: { stillWorkingMs?: number } }).opts.stillWorkingMs, undefined);
  });
});
