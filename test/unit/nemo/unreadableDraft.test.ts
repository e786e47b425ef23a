// Drafts this version cannot read are still drafts (issue 10 point 6, contract § The draft): a state
// whose draft is Nemo's XML-like Draft V3 text reads as an unreadable draft, not as "no timeline";
// the cloud export sends its text back byte-for-byte and gets an MP4; local export says in words
// that it cannot render it; a turn that changes it is told as a change. Against the emulator's
// `draftFormat: 'v3'` mode, over sockets.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUnreadable, summarizeDraft } from '../../../src/draft';
import { exportLocally } from '../../../src/localRender/localExport';
import { rawValueAt } from '../../../src/nemo/rawJson';
import { startEmulator, type Emulator } from '../../emulator';
import { parseDraft } from '../../emulator/agent';
import { draftV3Json } from '../../emulator/draftV3';
import { nemoFailure } from '../../support/assertions';
import { makeClient } from '../../support/client';
import { FFMPEG } from '../../support/media';
import { SMALL_DRAFT } from './renderDrafts';

const SUBMIT = '/api/render/proxy/lambda';

describe('a Draft V3 state (a draft this version cannot read)', () => {
  let emu: Emulator;
  let client: ReturnType<typeof makeClient>;
  let sessionId: string;
  let outDir: string;

  before(async () => {
    emu = await startEmulator({ renderMs: 100, turnDelayMs: 1, heartbeatMs: 50, draftFormat: 'v3' });
  });
  after(async () => emu.close());
  beforeEach(async () => {
    emu.reset();
    client = makeClient(emu);
    sessionId = (await client.createSession()).sessionId;
    emu.setDraft(sessionId, SMALL_DRAFT);
    outDir = await mkdtemp(join(tmpdir(), 'nemo-v3-'));
  });
  afterEach(async () => rm(outDir, { recursive: true, force: true }));

  it('reads as an unreadable Draft V3, its raw text the JSON string exactly as served', async () => {
    const state = await client.getState(sessionId);
    assert.ok(isUnreadable(state.draft));
    assert.equal(state.draft.format, 'draft-v3');
    const served = draftV3Json(parseDraft(SMALL_DRAFT)!);
    assert.match(served, /<track type=\\"0\\"><clip /, 'the emulator serves V3 text');
    assert.equal(state.rawDraft, served, 'the string token, quotes and \\/ escapes included');
    const summary = summarizeDraft(state.draft);
    assert.match(summary, /cannot draw/);
    assert.match(summary, /Draft V3/);
    assert.doesNotMatch(summary, /No timeline yet/);
  });

  it('exports: the render POST carries the draft byte-for-byte, once, and an MP4 is saved', async () => {
    const state = await client.getState(sessionId);
    const result = await client.exportVideo(sessionId, { outDir, intervalMs: 20 });
    const submits = emu.requests.filter((r) => r.method === 'POST' && r.path === SUBMIT);
    assert.equal(submits.length, 1);
    const job = emu.renders.get(result.renderId)!;
    assert.equal(job.rawDraft, state.rawDraft, 'the draft the emulator got is the draft the state gave');
    assert.equal(rawValueAt(job.rawBody, ['draft']), state.rawDraft);
    assert.ok(job.rawDraft.includes('\\/'), 'the escapes a re-encoding would drop are still there');
    assert.equal(result.bytes, job.file!.size);
    assert.deepEqual(await readdir(outDir), [result.file.split(/[\\/]/).pop()]);
  });

  it('local export says in words that it cannot render it, and writes nothing', async () => {
    const t = client.transport;
    const err = await nemoFailure(exportLocally(t, sessionId, { outDir, cacheDir: join(outDir, 'cache'), ffmpegPath: FFMPEG }));
    assert.equal(err.kind, 'invalid-input');
    assert.match(err.message, /cannot render this timeline on this machine: it is in Draft V3/);
    assert.equal(err.details.reason, 'unreadable-draft');
    assert.deepEqual(await readdir(outDir), []);
  });

  it('an edit that changes it is a change (never "nothing changed"), and it is still unreadable after', async () => {
    const out = await client.runTurn(sessionId, 'make the title bigger');
    assert.ok(isUnreadable(out.stateAfter?.draft));
    assert.equal(out.changes.length, 1);
    assert.equal(out.changes[0].kind, 'unreadable-changed');
    assert.equal(out.changeDescription, 'Changed: the timeline (in Draft V3, which this version cannot draw).');
  });
});
