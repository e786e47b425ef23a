// What `nemo doctor` and "Nemo: Check Connection" find and say: the API base, the proxy, whether the
// service answers, which token is used (never its value), the balance and ffmpeg for local export,
// each problem with what to do about it. Both front ends gather the same facts through this module
// and print its words; it does no I/O of its own (the client and the ffmpeg lookup are handed in),
// and reads nothing that costs credits (the balance is a GET).
import * as l10n from '@vscode/l10n';
import { isAbort, isNemoError } from '../nemo/errors';
import { creditsLine } from './replyWording';
import { registrationLink, toUserMessage } from './userMessage';

export type DoctorCheckId = 'api' | 'proxy' | 'service' | 'token' | 'credits' | 'ffmpeg';
/** 'skipped': not checked because an earlier check failed (that one is the problem to fix). */
export type DoctorCheckState = 'ok' | 'problem' | 'skipped';

export interface DoctorCheck {
  id: DoctorCheckId;
  state: DoctorCheckState;
  /** What was found, one sentence. */
  text: string;
  /** What to do about it (problems only). */
  fix?: string;
}

export interface DoctorReport {
  checks: DoctorCheck[];
  /** How many checks need fixing: 0 means all is well. */
  problems: number;
}

/** Where the person changes a thing: the editor's commands and settings, or the terminal's flags and variables. */
export type DoctorSurface = 'editor' | 'cli';

/** What src/localRender's locateFfmpeg answers (its FfmpegLocation), as far as the checks read it. */
export type FfmpegLookup = { found: true; path: string; version?: string } | { found: false; message: string };

export interface DoctorInput {
  surface: DoctorSurface;
  apiBase: { url: string; source: 'setting' | 'flag' | 'env' | 'default' };
  /** The proxy the client goes through, or undefined for a direct connection. */
  proxy?: { url: string; source: 'setting' | 'env' };
  token: 'env' | 'user' | 'anonymous';
  /** The client (or what of it the checks use). */
  service: {
    getCredits(signal?: AbortSignal): Promise<{ available: number; frozen: number }>;
    identity(signal?: AbortSignal): Promise<{ userId?: string }>;
  };
  ffmpeg(): Promise<FfmpegLookup>;
  signal?: AbortSignal;
}

export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  const checks = [apiCheck(input), proxyCheck(input), ...(await serviceChecks(input)), ffmpegCheck(await input.ffmpeg())];
  return { checks, problems: checks.filter((c) => c.state === 'problem').length };
}

function apiCheck({ apiBase, surface }: DoctorInput): DoctorCheck {
  const from = {
    setting: l10n.t('from the nemo.apiBaseUrl setting'),
    flag: l10n.t('from --api-base'),
    env: l10n.t('from NEMO_API_BASE'),
    default: surface === 'editor' ? l10n.t('the default; the nemo.apiBaseUrl setting changes it') : l10n.t('the default; --api-base or NEMO_API_BASE changes it'),
  }[apiBase.source];
  return { id: 'api', state: 'ok', text: l10n.t('API base: {0} ({1}).', apiBase.url, from) };
}

/** Credentials in a proxy URL are as secret as the token: only scheme, host and port are shown. */
function proxyForDisplay(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return l10n.t('(a proxy address that is not a URL)');
  }
}

function proxyCheck({ proxy }: DoctorInput): DoctorCheck {
  if (!proxy) return { id: 'proxy', state: 'ok', text: l10n.t('Proxy: none; the API is reached directly.') };
  const from = proxy.source === 'setting' ? l10n.t('from the http.proxy setting') : l10n.t('from HTTPS_PROXY / HTTP_PROXY');
  return { id: 'proxy', state: 'ok', text: l10n.t('Proxy: {0} ({1}); this machine (localhost) is always reached directly.', proxyForDisplay(proxy.url), from) };
}

function tokenWords(token: DoctorInput['token'], userId: string | undefined): string {
  switch (token) {
    case 'env': return l10n.t('Token: NEMO_TOKEN from the environment.');
    case 'user': return l10n.t('Token: your personal token (set with Nemo: Set Token…).');
    case 'anonymous': return userId ? l10n.t('Token: a free anonymous token (user {0}).', userId) : l10n.t('Token: a free anonymous token.');
  }
}

/** How the person gets their own token on this surface. */
function ownTokenFix(surface: DoctorSurface): string {
  return surface === 'editor'
    ? l10n.t('Run "Nemo: Set Token…" with a personal token (Nemo\'s web app, Settings → API Tokens).')
    : l10n.t('Set NEMO_TOKEN to a personal token (Nemo\'s web app, Settings → API Tokens).');
}

async function serviceChecks(input: DoctorInput): Promise<DoctorCheck[]> {
  const { surface, apiBase, token, service, signal } = input;
  const retryHint = surface === 'editor' ? l10n.t('Run "Nemo: Check Connection" again.') : l10n.t('Run nemo doctor again.');
  let credits: { available: number; frozen: number };
  try {
    credits = await service.getCredits(signal);
  } catch (e) {
    if (isAbort(e) && signal?.aborted) throw e;
    const said = toUserMessage(e, { operation: 'connect', tokenSource: token, retryHint });
    const answered = isNemoError(e) && e.kind !== 'connection' && e.kind !== 'timeout';
    // Refused on an auth endpoint (no new free token) or refused as a token: the token is what to fix.
    const tokenRefused = isNemoError(e) && (e.kind === 'auth' || e.path?.startsWith('/api/auth/') === true);
    const notChecked = (id: DoctorCheckId, text: string): DoctorCheck => ({ id, state: 'skipped', text });
    if (!answered) {
      return [
        { id: 'service', state: 'problem', text: l10n.t('Service: no answer from {0}.', apiBase.url), fix: said },
        notChecked('token', `${tokenWords(token, undefined)} ${l10n.t('(not checked: the service did not answer)')}`),
        notChecked('credits', l10n.t('Balance: not checked (the service did not answer).')),
      ];
    }
    if (tokenRefused) {
      return [
        { id: 'service', state: 'ok', text: l10n.t('Service: {0} answers.', apiBase.url) },
        { id: 'token', state: 'problem', text: tokenWords(token, undefined), fix: `${said}${token === 'env' ? '' : ` ${ownTokenFix(surface)}`}` },
        notChecked('credits', l10n.t('Balance: not checked (no usable token).')),
      ];
    }
    return [
      { id: 'service', state: 'problem', text: l10n.t('Service: {0} answers, but with an error.', apiBase.url), fix: said },
      notChecked('token', `${tokenWords(token, undefined)} ${l10n.t('(not checked: the service answered with an error)')}`),
      notChecked('credits', l10n.t('Balance: not checked (the service answered with an error).')),
    ];
  }
  // The token is known now (a GET that just used it): no request is made here.
  const { userId } = await service.identity(signal);
  const balance = l10n.t('Balance: {0}', creditsLine(undefined, credits.available)) + (credits.frozen > 0 ? ` ${l10n.t('{0} more are reserved for work in progress.', credits.frozen)}` : '');
  return [
    { id: 'service', state: 'ok', text: l10n.t('Service: {0} answers.', apiBase.url) },
    { id: 'token', state: 'ok', text: tokenWords(token, userId) },
    credits.available > 0
      ? { id: 'credits', state: 'ok', text: balance }
      : {
        id: 'credits', state: 'problem', text: `${balance} ${l10n.t('Making or editing a video needs credits; exporting is free.')}`,
        fix: token === 'anonymous' && userId ? l10n.t('Register to get more and keep your work: {0}', registrationLink(userId)) : l10n.t('Top up your credits at nemovideo.com, then try again.'),
      },
  ];
}

function ffmpegCheck(found: FfmpegLookup): DoctorCheck {
  if (found.found) return { id: 'ffmpeg', state: 'ok', text: l10n.t('ffmpeg for local export: {0} (version {1}).', found.path, found.version ?? '?') };
  // The locator's sentence says what is wrong and how to install or point at one on this OS.
  return { id: 'ffmpeg', state: 'problem', text: l10n.t('ffmpeg for local export: not usable (only exporting on this machine needs it).'), fix: found.message };
}

/** The report as plain lines, the same in the terminal and the editor's log. */
export function doctorLines(report: DoctorReport): string[] {
  const mark: Record<DoctorCheckState, string> = { ok: '✓', problem: '✗', skipped: '·' };
  const lines: string[] = [];
  for (const c of report.checks) {
    lines.push(`${mark[c.state]} ${c.text}`);
    if (c.fix) lines.push(`  → ${c.fix}`);
  }
  lines.push(report.problems === 0
    ? l10n.t('All is well: Nemo is ready.')
    : report.problems === 1 ? l10n.t('1 thing needs fixing.') : l10n.t('{0} things need fixing.', report.problems));
  return lines;
}
