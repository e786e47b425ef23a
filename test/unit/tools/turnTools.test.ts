// The turn tools on a plain ToolHost (the test client, in-memory stores) against the emulator: a
// refused generation keeps the current timeline; the agent's open question is answered in the
// contract's format, and refused answers say why.
import { strict as assert } from 'node:assert';
import { startEmulator, type Emulator } from '../../emulator';
import { makeClient } from '../../support/client';
import { MemoryIdStore } from '../../support/stores';
import { runTool } from '../../../src/tools/runTool';
import { MemoryOpenQuestions, type ToolHost } from '../../../src/tools/toolHost';
import type { PendingRender } from '../../../src/nemo/exporter';

describe('tools: generate and answer (against the emulator)', function () {
  this.timeout(60_000);
  let emu: Emulator;
  let host: ToolHost;
  let questions: MemoryOpenQuestions;
  const jobs: PendingRender[] = [];

  before(async () => (emu = await startEmulator({ turnDelayMs: 1, heartbeatMs: 200, startingCredits: 1000 })));
  after(() => emu.close());
  beforeEach(() => {
    emu.reset();
    const client = makeClient(emu);
    const keeper = client.sessionKeeper(new MemoryIdStore());
    questions = new MemoryOpenQuestions();
    host = {
      client: async () => client,
      sessions: async () => keeper,
      renders: { list: async () => jobs, add: async (j) => void jobs.push(j), remove: async () => undefined },
      questions,
      workspaceRoot: undefined,
      exportFolder: () => undefined,
      webBase: () => 'https://nemovideo.com',
      showPath: (f) => f,
      tokenSource: () => 'anonymous',
    };
  });

  const ask = (sessionId: string) => questions.set(sessionId, {
    questions: [
      { id: 'q1', prompt: 'What should change?', allowMultiple: false, options: [{ id: 'a', label: 'make the title bigger' }, { id: 'b', label: 'nothing' }] },
      { id: 'q2', prompt: 'Which platforms?', allowMultiple: true, options: [{ id: 'yt', label: 'YouTube' }, { id: 'tt', label: 'TikTok' }] },
    ],
  });

  it('a generation refused for credits leaves the video the agent was working on current', async () => {
    const first = await runTool('nemo_generate_video', { prompt: "make a 5-second video of a lighthouse with the title 'Beam'" }, host);
    assert.equal(first.ok, true, first.text);
    const keeper = await host.sessions();
    const current = await keeper.current();
    const user = [...emu.store.users.values()][0];
    emu.setCredits(user.id, 10);
    const refused = await runTool('nemo_generate_video', { prompt: 'make a 5-second video of a paper boat' }, host);
    assert.equal(refused.ok, false);
    assert.match(refused.text, /used all your free credits/);
    assert.equal(await keeper.current(), current);
    const timeline = await runTool('nemo_show_timeline', {}, host);
    assert.match(timeline.text, /Beam[\s\S]*Ready to export/);
  });

  it('sends the chosen labels as the next message; the agent acts on them', async () => {
    const gen = await runTool('nemo_generate_video', { prompt: "make a 5-second video of a lighthouse with the title 'Beam'" }, host);
    assert.equal(gen.ok, true, gen.text);
    const sessionId = await (await host.sessions()).current();
    ask(sessionId);
    // By label (any case) for the first, by number and label for the second.
    const r = await runTool('nemo_answer_question', { answers: ['Make the title BIGGER', '2, YouTube'] }, host);
    assert.equal(r.ok, true, r.text);
    assert.match(r.text, /Making the title bigger/, 'the agent read "1. What should change?: make the title bigger"');
    assert.equal(questions.get(sessionId), undefined, 'the question is answered');
  });

  it('refuses answers that do not fit, naming the options; and answering with no open question', async () => {
    await (await host.sessions()).current();
    const none = await runTool('nemo_answer_question', { answers: ['yes'] }, host);
    assert.deepEqual(none, { ok: false, text: 'Message failed: The Nemo agent has no open question in this session. Use nemo_edit_video to tell it what to do.' });
    const sessionId = await (await host.sessions()).current();
    ask(sessionId);
    const count = await runTool('nemo_answer_question', { answers: ['nothing'] }, host);
    assert.match(count.text, /asked 2 question\(s\) but 1 answer\(s\) were given/);
    const wrong = await runTool('nemo_answer_question', { answers: ['purple', 'YouTube'] }, host);
    assert.match(wrong.text, /answer 1 \("purple"\) is not one of the options: "make the title bigger", "nothing"/);
    const two = await runTool('nemo_answer_question', { answers: ['1, 2', 'YouTube'] }, host);
    assert.match(two.text, /answer 1 takes only one option/);
    assert.equal(emu.requests.filter((q) => q.path === '/run_sse').length, 0, 'nothing was sent');
  });
});
