// GET /api/credits/balance/simple → available, frozen, total. Some deployments send
// total_granted/total_consumed instead of total: the total is then what was granted.
import * as l10n from '@vscode/l10n';
import { NemoError } from './errors';
import type { Transport } from './transport';

export interface Credits {
  available: number;
  frozen: number;
  total: number;
}

export const CREDITS_PATH = '/api/credits/balance/simple';

function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function parseCredits(data: unknown): Credits {
  if (typeof data !== 'object' || data === null) throw new NemoError('protocol', l10n.t('The credits answer has no data.'), { path: CREDITS_PATH });
  const d = data as Record<string, unknown>;
  const available = num(d.available);
  if (available === undefined) throw new NemoError('protocol', l10n.t('The credits answer has no available balance.'), { path: CREDITS_PATH });
  const frozen = num(d.frozen) ?? 0;
  const total = num(d.total) ?? num(d.total_granted) ?? available + frozen + (num(d.total_consumed) ?? 0);
  return { available, frozen, total };
}

export async function getCredits(t: Transport, signal?: AbortSignal): Promise<Credits> {
  return parseCredits((await t.call('GET', CREDITS_PATH, { signal })).data);
}
