// What VS Code asks before a tool spends credits: what will be done, what it is expected to cost and
// what the balance is. Tools that spend nothing ask nothing.
import * as l10n from '@vscode/l10n';
import type { Credits } from '../nemo/credits';
import type { ToolSpec } from './catalog';

export interface Confirmation {
  title: string;
  message: string;
}

function quoted(v: unknown): string {
  const s = typeof v === 'string' ? v.trim() : '';
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

function whatItDoes(spec: ToolSpec, input: Record<string, unknown>): { title: string; action: string } {
  switch (spec.name) {
    case 'nemo_generate_video': return { title: l10n.t('Generate a video with Nemo?'), action: l10n.t('Nemo will make a new video from: "{0}".', quoted(input.prompt)) };
    case 'nemo_edit_video': return { title: l10n.t('Edit the video with Nemo?'), action: l10n.t('Nemo will change the current video: "{0}".', quoted(input.instruction)) };
    default: return { title: l10n.t('Answer the Nemo agent?'), action: l10n.t('Nemo will go on with the answer: "{0}".', Array.isArray(input.answers) ? input.answers.map(quoted).join('; ') : '') };
  }
}

/** undefined for a tool that spends no credits. `balance` undefined: it could not be read. */
export function confirmationFor(spec: ToolSpec, input: unknown, balance: Credits | undefined): Confirmation | undefined {
  if (spec.expectedCredits === 0) return undefined;
  const { title, action } = whatItDoes(spec, typeof input === 'object' && input !== null ? input as Record<string, unknown> : {});
  const cost = l10n.t('This spends about {0} credits.', spec.expectedCredits);
  const have = balance === undefined
    ? l10n.t('Your balance could not be read.')
    : balance.available < spec.expectedCredits
      ? l10n.t('You have {0} credits available: probably not enough.', balance.available)
      : l10n.t('You have {0} credits available.', balance.available);
  return { title, message: `${action} ${cost} ${have}` };
}
