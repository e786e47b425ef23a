// Opening the project in Nemo's web editor (contract, "Open the project in Nemo's web editor"):
// POST /api/auth/claim-token for a short-lived, single-purpose claim token, then the link
// `<web base>/workspace/claim?ct=<claim token>`. The long-lived token never goes in any URL (an older
// version of Nemo's own skill put it there): only the claim token does, and a claim token that could
// be a long-lived one is refused rather than put in a link.
import * as l10n from '@vscode/l10n';
import { NemoError } from './errors';
import { getState } from './state';
import type { Transport } from './transport';
import { validateWebBaseUrl } from './urls';

export const CLAIM_TOKEN_PATH = '/api/auth/claim-token';

export interface ClaimToken {
  claimToken: string;
  /** How long the link works, in seconds; undefined when the answer did not say. */
  expiresIn: number | undefined;
}

export interface WebEditorLink {
  url: string;
  expiresIn: number | undefined;
}

/**
 * RFC 3986 unreserved characters only: such a token reads the same in the link however the link is
 * encoded or decoded on its way to the browser (vscode.Uri, openExternal, a terminal), so it can
 * never be double-encoded into something the web editor does not recognise.
 */
const CLAIM_TOKEN_SHAPE = /^[A-Za-z0-9._~-]{8,512}$/;
/** The long-lived tokens' prefix (`nmv_usr_…`): such a value is never put in a URL. */
const LONG_LIVED_PREFIX = /^nmv_/i;

function notUsable(why: string): NemoError {
  return new NemoError('protocol', l10n.t('The claim token answer is not usable: {0}.', why), { path: CLAIM_TOKEN_PATH });
}

/** Reads `data: {claim_token, expires_in}` (either envelope; `expires_in` a number or digit string). */
export function parseClaimToken(data: unknown): ClaimToken {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw notUsable(l10n.t('no data'));
  const d = data as Record<string, unknown>;
  const token = d.claim_token;
  if (typeof token !== 'string' || token === '') throw notUsable(l10n.t('no claim_token'));
  // The token's text is not quoted: whatever it is, it is a credential of sorts.
  if (LONG_LIVED_PREFIX.test(token)) throw notUsable(l10n.t('it looks like a long-lived token, which never goes in a link'));
  if (!CLAIM_TOKEN_SHAPE.test(token)) throw notUsable(l10n.t('the claim_token has characters a link cannot carry unchanged'));
  const raw = d.expires_in;
  const seconds = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : undefined;
  return { claimToken: token, expiresIn: seconds !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds : undefined };
}

/** The link that opens the project in the web editor; `webBase` is checked like the API base. */
export function claimUrl(webBase: string, claimToken: string): string {
  if (!CLAIM_TOKEN_SHAPE.test(claimToken) || LONG_LIVED_PREFIX.test(claimToken)) throw notUsable(l10n.t('not a claim token'));
  return `${validateWebBaseUrl(webBase)}/workspace/claim?ct=${claimToken}`;
}

/**
 * A claim token for the session. `taskId` is the session's task (`task_id` of the session's creation
 * and of its state); the stores keep only session ids, so without one it is read from the session's
 * state. A state that names no task leaves `task_id` out: the session alone names the project, and a
 * guessed task id would open the wrong one or none. Sent again on a lost answer: it spends nothing,
 * and a second claim token only replaces the first.
 */
export async function claimToken(t: Transport, sessionId: string, taskId?: string, signal?: AbortSignal): Promise<ClaimToken> {
  const task = taskId ?? (await getState(t, sessionId, signal)).taskId;
  const res = await t.call<unknown>('POST', CLAIM_TOKEN_PATH, {
    body: { ...(task !== undefined ? { task_id: task } : {}), session_id: sessionId },
    idempotent: true,
    signal,
  });
  return parseClaimToken(res.data);
}

/** The web base checked first (a bad setting costs no request), then the claim token and its link. */
export async function webEditorLink(t: Transport, sessionId: string, webBase: string, opts: { taskId?: string; signal?: AbortSignal } = {}): Promise<WebEditorLink> {
  validateWebBaseUrl(webBase);
  const claim = await claimToken(t, sessionId, opts.taskId, opts.signal);
  return { url: claimUrl(webBase, claim.claimToken), expiresIn: claim.expiresIn };
}
