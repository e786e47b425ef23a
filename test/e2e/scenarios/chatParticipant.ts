// 3. Chat: with the test-only stub model selected (the chat view needs some model), `@nemo` a
//    prompt and watch the reply stream in, its first words in view; `/export` writes the MP4 (a
//    real video of the draft); `/credits` answers without a turn (the emulator sees no run_sse).
import assert from 'node:assert/strict';
import { step } from '../../../scripts/e2e/steps';
import type { Locator } from 'playwright-core';
import { ask, chatKeybindings, waitForNemo } from '../chatUi';
import type { Scenario } from '../harness';
import { assertVideoOfDraft, exportedVideo } from '../nemoUi';

const ASK = {
  generate: { letter: 'g', query: "@nemo make a 6-second teaser of a coffee shop with the title 'Brew'" },
  export: { letter: 'e', query: '@nemo /export' },
  credits: { letter: 'c', query: '@nemo /credits' },
};

/** How the emulator's generation reply opens (test/emulator/agent.ts): the agent's first words. */
const FIRST_WORDS = 'Sure!';

/**
 * Where the response shows `words`: whether the browser renders them, and whether they sit inside
 * a disclosure. Newer Chat views gather a turn's progress parts into a native `<details>`
 * ("Completed N steps", closed once the turn ends) and fold into it any Markdown sent before a
 * later progress part: that is how the reply's first words once vanished (fixed by chatTurnSink).
 * The check leans on HTML's own element for "collapsible", `<details>`, whether or not it is open
 * yet (so it does not depend on when the view closes it), and on Playwright's visibility (a closed
 * `<details>` gives its content no box); not on VS Code's class names such as `.chat-markdown-part`,
 * which change between releases.
 */
async function wordsPlacement(response: Locator, words: string): Promise<{ visible: boolean; inDisclosure: boolean }> {
  const shown = response.getByText(words).first();
  await shown.waitFor({ state: 'attached', timeout: 10_000 });
  return {
    visible: await shown.isVisible(),
    inDisclosure: await shown.evaluate((el) => el.closest('details') !== null),
  };
}

export const chatParticipant: Scenario = {
  name: '3-chat-participant',
  async run(e2e) {
    // Events paced slowly enough that the reply is seen growing.
    await e2e.emulator.setOptions({ turnDelayMs: 250 });
    const { wb, workspace } = await e2e.launch('chat', { withStubModel: true, keybindings: chatKeybindings(Object.values(ASK)) });
    await waitForNemo(wb);

    const turn = await step('@nemo a prompt: the reply streams in', () => ask(wb, ASK.generate, /This turn used \d+ credits/));
    assert.match(turn.text, /coffee shop/i);
    assert.ok(turn.lengths.filter((l) => l > 0).length >= 3, `the reply grew in steps (lengths seen: ${JSON.stringify(turn.lengths)})`);
    assert.deepEqual(await wordsPlacement(turn.locator, FIRST_WORDS), { visible: true, inDisclosure: false },
      `the reply's first words "${FIRST_WORDS}" are shown in the response, not folded into the collapsed steps`);
    await wb.screenshot('3-chat-reply');

    const exported = await step('@nemo /export writes the MP4', async () => {
      const reply = ask(wb, ASK.export, /Saved/);
      const file = await exportedVideo(workspace);
      await reply;
      return file;
    });
    const [session] = await e2e.emulator.sessions();
    await step('ffmpeg -i on the exported file', () => assertVideoOfDraft(exported, session?.draftJson));

    const runsBefore = (await e2e.emulator.requests()).filter((r) => r.path.startsWith('/run_sse')).length;
    const credits = await step('@nemo /credits answers without a turn', () => ask(wb, ASK.credits, /credits available/));
    assert.match(credits.text, /\d+/);
    const runsAfter = (await e2e.emulator.requests()).filter((r) => r.path.startsWith('/run_sse')).length;
    assert.equal(runsAfter, runsBefore, '/credits must not send a message to the agent');
    await wb.screenshot('3-chat-credits');
  },
};
