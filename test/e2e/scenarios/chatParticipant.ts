// 3. Chat: with the test-only stub model selected (the chat view needs some model), `@nemo` a
//    prompt and watch the reply stream in, its first words in view; `/export` writes the MP4 (a
//    real video of the draft); `/credits` answers without a turn (the emulator sees no run_sse).
import assert from 'node:assert/strict';
import { step, waitUntil } from '../../../scripts/e2e/steps';
import type { Workbench } from '../../../scripts/e2e/workbench';
import type { Scenario } from '../harness';
import { assertVideoOfDraft, exportedVideo } from '../nemoUi';

const MODEL = { vendor: 'e2e', id: 'e2e-stub' };
// The same chord in VS Code's keybinding syntax and in Playwright's.
const ASK = {
  generate: { letter: 'g', query: "@nemo make a 6-second teaser of a coffee shop with the title 'Brew'" },
  export: { letter: 'e', query: '@nemo /export' },
  credits: { letter: 'c', query: '@nemo /credits' },
};

/** The chat box cannot be given a model from the page; a keybinding runs chat.open with one. */
const keybindings = Object.values(ASK).map((a) => ({ key: `ctrl+alt+shift+${a.letter}`, command: 'workbench.action.chat.open', args: { query: a.query, modelSelector: MODEL } }));

function responses(wb: Workbench) {
  return wb.page.locator('.interactive-session .interactive-response');
}

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
async function wordsPlacement(wb: Workbench, words: string): Promise<{ visible: boolean; inDisclosure: boolean }> {
  const shown = responses(wb).last().getByText(words).first();
  await shown.waitFor({ state: 'attached', timeout: 10_000 });
  return {
    visible: await shown.isVisible(),
    inDisclosure: await shown.evaluate((el) => el.closest('details') !== null),
  };
}

/** Sends one request and returns the text of its response once it stopped changing shape. */
async function ask(wb: Workbench, which: keyof typeof ASK, done: RegExp): Promise<{ text: string; lengths: number[] }> {
  const before = await responses(wb).count();
  await wb.page.keyboard.press(`Control+Alt+Shift+Key${ASK[which].letter.toUpperCase()}`);
  const lengths: number[] = [];
  const text = await waitUntil(`the chat response to ${ASK[which].query} matching ${done}`, async () => {
    if ((await responses(wb).count()) <= before) return undefined;
    const t = await responses(wb).last().innerText();
    if (lengths[lengths.length - 1] !== t.length) lengths.push(t.length);
    return done.test(t) ? t : undefined;
  }, 90_000, 100);
  return { text, lengths };
}

export const chatParticipant: Scenario = {
  name: '3-chat-participant',
  async run(e2e) {
    // Events paced slowly enough that the reply is seen growing.
    await e2e.emulator.setOptions({ turnDelayMs: 250 });
    const { wb, workspace } = await e2e.launch('chat', { withStubModel: true, keybindings });
    await step('Nemo: Show Credits until the extension is loaded', async () => {
      // The chat view and the participant register with the extension host: the first command race.
      await wb.runCommand('Nemo: Show Credits');
      await wb.waitForNotification(/credits/i);
      await wb.dismissToasts();
    });

    const turn = await step('@nemo a prompt: the reply streams in', () => ask(wb, 'generate', /This turn used \d+ credits/));
    assert.match(turn.text, /coffee shop/i);
    assert.ok(turn.lengths.filter((l) => l > 0).length >= 3, `the reply grew in steps (lengths seen: ${JSON.stringify(turn.lengths)})`);
    assert.deepEqual(await wordsPlacement(wb, FIRST_WORDS), { visible: true, inDisclosure: false },
      `the reply's first words "${FIRST_WORDS}" are shown in the response, not folded into the collapsed steps`);
    await wb.screenshot('3-chat-reply');

    const exported = await step('@nemo /export writes the MP4', async () => {
      const reply = ask(wb, 'export', /Saved/);
      const file = await exportedVideo(workspace);
      await reply;
      return file;
    });
    const [session] = await e2e.emulator.sessions();
    await step('ffmpeg -i on the exported file', () => assertVideoOfDraft(exported, session?.draftJson));

    const runsBefore = (await e2e.emulator.requests()).filter((r) => r.path.startsWith('/run_sse')).length;
    const credits = await step('@nemo /credits answers without a turn', () => ask(wb, 'credits', /credits available/));
    assert.match(credits.text, /\d+/);
    const runsAfter = (await e2e.emulator.requests()).filter((r) => r.path.startsWith('/run_sse')).length;
    assert.equal(runsAfter, runsBefore, '/credits must not send a message to the agent');
    await wb.screenshot('3-chat-credits');
  },
};
