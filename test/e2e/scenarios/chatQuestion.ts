// 7. A question in chat (issue 10 point 2): `@nemo …, ask me first` makes the agent ask before it
//    starts; the reply shows the questions with one button per option. Clicking one (the other,
//    multi-select question is asked with a quick pick) sends the answer in the contract's format as
//    the next @nemo request, in the same session: exactly one more run_sse. The turn then goes on:
//    its reply and its timeline appear.
import assert from 'node:assert/strict';
import { step, waitUntil } from '../../../scripts/e2e/steps';
import type { Workbench } from '../../../scripts/e2e/workbench';
import { ask, chatKeybindings, chatPosition, latestRequest, nextResponse, waitForNemo } from '../chatUi';
import type { E2E, Scenario } from '../harness';
import { laneLabels, timeline } from '../nemoUi';

const ASK_FIRST = { letter: 'q', query: '@nemo make a 10s teaser, ask me first' };
/** The emulator agent's questions (test/emulator/agent.ts AGENT_QUESTIONS) and the answer chosen here. */
const BUTTONS = ['1. Cinematic', '1. Playful', '2. Music', '2. A title'];
const EXTRAS = ['Music', 'A title'];
const ANSWER = '1. Which style?: Playful\n2. What should I add?: Music, A title';

async function runSseCount(e2e: E2E): Promise<number> {
  return (await e2e.emulator.requests()).filter((r) => r.method === 'POST' && r.path.startsWith('/run_sse')).length;
}

/** Ticks every option of the multi-select quick pick titled with `prompt`, then accepts it. */
async function tickAll(wb: Workbench, prompt: string, labels: readonly string[]): Promise<void> {
  await wb.page.locator('.quick-input-widget .quick-input-title', { hasText: prompt }).waitFor({ timeout: 15_000 });
  for (const label of labels) {
    const row = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    const box = row.getByRole('checkbox');
    await waitUntil(`"${label}" ticked in the quick pick`, async () => {
      if (await box.isChecked()) return true;
      await box.click({ timeout: 2000 });
      return undefined;
    }, 10_000, 200);
  }
  await wb.quickInput().press('Enter');
}

export const chatQuestion: Scenario = {
  name: '7-chat-question',
  async run(e2e) {
    const { wb } = await e2e.launch('chat-question', { withStubModel: true, keybindings: chatKeybindings([ASK_FIRST]) });
    await waitForNemo(wb);

    const asked = await step('@nemo …, ask me first: the questions and their buttons', () => ask(wb, ASK_FIRST, /What should I add\?/));
    assert.match(asked.text, /Which style\?/);
    assert.doesNotMatch(asked.text, /Nothing changed|This turn used/, 'a question is neither a silent nor a finished turn');
    const buttons = asked.locator.locator('.chat-command-button .monaco-button');
    await waitUntil('the option buttons', async () => ((await buttons.count()) >= BUTTONS.length ? true : undefined), 15_000);
    assert.deepEqual((await buttons.allInnerTexts()).map((t) => t.trim()), BUTTONS);
    await wb.screenshot('7-chat-question');
    const runsBefore = await runSseCount(e2e);
    assert.equal(runsBefore, 1, 'only the request that asked');

    const position = await chatPosition(wb);
    const answered = await step('click "Playful", tick both extras: the answer goes to @nemo and the turn goes on', async () => {
      await buttons.filter({ hasText: 'Playful' }).click();
      await tickAll(wb, 'What should I add?', EXTRAS);
      // The track summary is the reply's last line: the style chosen became the title.
      return nextResponse(wb, position, 'the answer', /Timeline \(3 tracks\)[^]*Title: "Playful"/);
    });
    assert.match(answered.text, /This turn used \d+ credits/);
    assert.match((await latestRequest(wb))?.text ?? '', /Which style\?: Playful/, 'the answer is the newest request in the chat');

    assert.equal(await runSseCount(e2e), runsBefore + 1, 'the answer is exactly one more run_sse');
    const sessions = await e2e.emulator.sessions();
    assert.deepEqual(sessions.map((s) => s.messages), [[ASK_FIRST.query.replace(/^@nemo /, ''), ANSWER]],
      'one session received the request, then the answer in the contract\'s format');

    await step('the timeline of the continued turn', async () => {
      if ((await wb.page.locator('iframe.webview.ready').count()) === 0) {
        await answered.locator.locator('.chat-command-button .monaco-button', { hasText: 'Show Timeline' }).click();
      }
      assert.equal((await laneLabels(wb, 3)).length, 3);
      await timeline(wb).locator('.lanes').getByText('Playful').first().waitFor({ timeout: 10_000 });
    });
    await wb.screenshot('7-chat-question-answered');
  },
};
