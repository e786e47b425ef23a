// The Chat view as a person uses it with @nemo: requests sent with the test-only stub model
// selected (the view refuses every participant request without some model), responses read as
// they grow. Shared by the chat scenarios.
import { step, waitUntil } from '../../scripts/e2e/steps';
import type { Locator } from 'playwright-core';
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

/** One request or response of the chat list, by its place in the conversation. */
export interface ChatItem {
  index: number;
  text: string;
  locator: Locator;
}

/**
 * The newest request or response. The chat list is virtual: rows scrolled out of view leave the
 * page and row elements are reused, so neither a count of rows nor the last one in page order says
 * which is newest; the list's own `data-index` does.
 */
async function latest(wb: Workbench, kind: 'request' | 'response'): Promise<ChatItem | undefined> {
  const items = await wb.page.locator(`.interactive-session .monaco-list-row .interactive-${kind}`).evaluateAll((els) =>
    els.map((el) => ({ index: Number(el.closest('.monaco-list-row')?.getAttribute('data-index') ?? -1), text: (el as unknown as { innerText: string }).innerText })));
  const newest = items.reduce<(typeof items)[number] | undefined>((a, b) => (a && a.index >= b.index ? a : b), undefined);
  if (!newest) return undefined;
  return { ...newest, locator: wb.page.locator(`.interactive-session .monaco-list-row[data-index="${newest.index}"] .interactive-${kind}`) };
}

export const latestRequest = (wb: Workbench) => latest(wb, 'request');
export const latestResponse = (wb: Workbench) => latest(wb, 'response');

/** Where the conversation is now: a later response is a new one. */
export async function chatPosition(wb: Workbench): Promise<number> {
  return (await latestResponse(wb))?.index ?? -1;
}

/**
 * Waits for a response after `position` whose text matches `done`; returns it and every length it
 * had while it grew.
 */
export async function nextResponse(wb: Workbench, position: number, what: string, done: RegExp, timeoutMs = 90_000): Promise<ChatItem & { lengths: number[] }> {
  const lengths: number[] = [];
  const item = await waitUntil(`the chat response to ${what} matching ${done}`, async () => {
    const newest = await latestResponse(wb);
    if (!newest || newest.index <= position) return undefined;
    if (lengths[lengths.length - 1] !== newest.text.length) lengths.push(newest.text.length);
    return done.test(newest.text) ? newest : undefined;
  }, timeoutMs, 100);
  return { ...item, lengths };
}

/** Sends one request by its chord and returns its response once it matches `done`. */
export async function ask(wb: Workbench, chord: ChatChord, done: RegExp): Promise<ChatItem & { lengths: number[] }> {
  const position = await chatPosition(wb);
  await wb.page.keyboard.press(`Control+Alt+Shift+Key${chord.letter.toUpperCase()}`);
  return nextResponse(wb, position, chord.query, done);
}

/** The chat view and the participant register with the extension host: a first command waits for it. */
export async function waitForNemo(wb: Workbench): Promise<void> {
  await step('Nemo: Show Credits until the extension is loaded', async () => {
    await wb.runCommand('Nemo: Show Credits');
    await wb.waitForNotification(/credits/i);
    await wb.dismissToasts();
  });
}
