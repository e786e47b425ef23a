// The Chat view as a person uses it with @nemo: requests sent with the test-only stub model
// selected (the view refuses every participant request without some model), responses read as
// they grow. Shared by the chat scenarios.
import { step, waitUntil } from '../../scripts/e2e/steps';
import type { Workbench } from '../../scripts/e2e/workbench';

/** The stub model of fixtures/stub-lm. */
const STUB_MODEL = { vendor: 'e2e', id: 'e2e-stub' };

/** A request sent by the chord Ctrl+Alt+Shift+<letter>. */
export interface ChatChord {
  letter: string;
  query: string;
}

/**
 * The chat box cannot be given a model from the page: a keybinding runs chat.open with the query
 * and the stub model. (The same chord in VS Code's keybinding syntax and, in `ask`, Playwright's.)
 */
export function chatKeybindings(chords: readonly ChatChord[]): { key: string; command: string; args: unknown }[] {
  return chords.map((c) => ({ key: `ctrl+alt+shift+${c.letter}`, command: 'workbench.action.chat.open', args: { query: c.query, modelSelector: STUB_MODEL } }));
}

export function chatResponses(wb: Workbench) {
  return wb.page.locator('.interactive-session .interactive-response');
}

export function chatRequests(wb: Workbench) {
  return wb.page.locator('.interactive-session .interactive-request');
}

/**
 * Waits for a response after the first `before` ones whose text matches `done`; returns that text
 * and every length the last response had while it grew.
 */
export async function nextResponse(wb: Workbench, before: number, what: string, done: RegExp, timeoutMs = 90_000): Promise<{ text: string; lengths: number[] }> {
  const lengths: number[] = [];
  const text = await waitUntil(`the chat response to ${what} matching ${done}`, async () => {
    if ((await chatResponses(wb).count()) <= before) return undefined;
    const t = await chatResponses(wb).last().innerText();
    if (lengths[lengths.length - 1] !== t.length) lengths.push(t.length);
    return done.test(t) ? t : undefined;
  }, timeoutMs, 100);
  return { text, lengths };
}

/** Sends one request by its chord and returns its response once it matches `done`. */
export async function ask(wb: Workbench, chord: ChatChord, done: RegExp): Promise<{ text: string; lengths: number[] }> {
  const before = await chatResponses(wb).count();
  await wb.page.keyboard.press(`Control+Alt+Shift+Key${chord.letter.toUpperCase()}`);
  return nextResponse(wb, before, chord.query, done);
}

/** The chat view and the participant register with the extension host: a first command waits for it. */
export async function waitForNemo(wb: Workbench): Promise<void> {
  await step('Nemo: Show Credits until the extension is loaded', async () => {
    await wb.runCommand('Nemo: Show Credits');
    await wb.waitForNotification(/credits/i);
    await wb.dismissToasts();
  });
}
