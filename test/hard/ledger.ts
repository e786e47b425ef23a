// The hard suite's ledger: every case is registered under the defect class it probes, so
// RELIABILITY.md's table of "what is tried" is counted from the suite itself (ledger.test.ts fails
// when the two disagree). Cases are ordinary mocha tests; `hard()` only names and counts them.

/** The classes of issue 11, plus the fault sources the whole pass runs through. */
export const CLASSES = {
  'client-id': 'a 400 that is not about the client id; blank messages',
  stores: 'shared stores under concurrent runs',
  'refused-turn': 'a refused turn (2001, 429, 1001) changes no stored state',
  'stuck-export': 'render jobs that can never finish; leftover .part files',
  'uncertain-turn': 'a turn that may have run: keep-alives only, 5xx, Ctrl-C',
  concurrency: 'two turns on one session; exports into one folder',
  'unbounded-work': 'long replies, huge drafts, deep JSON',
  wording: 'local failures named for what they are',
  waits: 'waits over a second are announced and cancellable',
  spoofing: 'bidi, zero-width, BOM and newlines in backend text',
  secrets: 'the token and URL credentials in any output',
  signals: 'SIGTERM / SIGHUP like Ctrl-C',
  'truncated-mp4': 'a cut download is never saved as good',
  'emulator-faults': "the emulator's scripted faults through the CLI",
  'hostile-server': 'a small server that answers what no contract allows',
} as const;

export type DefectClass = keyof typeof CLASSES;

export const ledger = new Map<DefectClass, string[]>();

/** One hard case: a mocha `it`, counted under its class. */
export function hard(cls: DefectClass, title: string, fn: (this: Mocha.Context) => Promise<void> | void): Mocha.Test {
  const titles = ledger.get(cls) ?? [];
  titles.push(title);
  ledger.set(cls, titles);
  return it(`[${cls}] ${title}`, fn);
}
