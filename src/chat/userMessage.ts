// The one function that turns any error into the sentence a person reads, in the CLI and the
// extension alike: what failed, why, what to do ("Export failed: render failed (encoder crashed).
// Run nemo export again."). Errors are told apart by `kind`, never `instanceof`: the extension gets
// them from a separately bundled client.
import * as l10n from '@vscode/l10n';
import { isAbort, isNemoError, localFileError, type NemoError } from '../nemo/errors';
import { UPLOAD_FORMATS } from '../nemo/fileTypes';
import { safeText } from '../shared/safeText';
import { stoppedTurnWords } from './turnOutcome';

export type Operation = 'export' | 'upload' | 'chat' | 'credits' | 'status' | 'connect' | 'session' | 'open';

export interface UserMessageContext {
  operation?: Operation;
  /** Where the token came from: decides whether a refused token is the person's to fix. */
  tokenSource?: 'env' | 'user' | 'anonymous';
  /** The anonymous user id, for the registration link when credits run out. */
  anonymousUserId?: string;
  /** How to try again on this surface: "Run nemo export again." / "Run Nemo: Export Video again." */
  retryHint?: string;
  /** How to enter a personal token on this surface: "Set NEMO_TOKEN…" / "Run Nemo: Set Token…". */
  tokenEntryHint?: string;
  /**
   * The folder this front end keeps its own files in, and how to choose another one ("Set NEMO_HOME
   * to a folder you can write."): said when a local file there could not be used.
   */
  storeFolder?: { path: string; hint: string };
  /**
   * How to export on this machine on this surface ("nemo export --local", "Nemo: Export Locally"):
   * said whenever offersLocalExport(err) holds, so every front end offers it in the same message.
   */
  localExportHint?: string;
}

/**
 * A cloud export that a local one can stand in for: the plan refuses it (HTTP 402), or the render
 * service cannot be reached (the state could be read, so the draft and its media are at hand).
 */
export function offersLocalExport(err: unknown): boolean {
  if (!isNemoError(err)) return false;
  if (err.kind === 'export-blocked') return true;
  return (err.kind === 'connection' || err.kind === 'timeout') && (err.path ?? '').startsWith('/api/render/');
}

const REGISTER_URL = 'https://nemovideo.com/register';

/** Where an anonymous user registers and keeps their work (contract, 2001). */
export function registrationLink(userId: string): string {
  return `${REGISTER_URL}?bind=${encodeURIComponent(userId)}`;
}

function failedPrefix(op: Operation | undefined): string {
  switch (op) {
    case 'export': return l10n.t('Export failed');
    case 'upload': return l10n.t('Upload failed');
    case 'chat': return l10n.t('Message failed');
    case 'credits': return l10n.t('Could not read your credits');
    case 'status': return l10n.t('Could not read the timeline');
    case 'connect': return l10n.t('Could not connect to Nemo');
    case 'session': return l10n.t('Could not start a Nemo session');
    case 'open': return l10n.t('Could not open the project in Nemo\'s web editor');
    case undefined: return l10n.t('Nemo request failed');
  }
}

/** A reason without its final full stop, so it can sit inside a sentence. */
function clause(text: string): string {
  return text.trim().replace(/[.。!！]+$/u, '');
}

function detail(err: NemoError, key: string): string | undefined {
  const v = err.details[key];
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

interface Reason {
  why: string;
  todo?: string;
}

/** What a file refused for upload can be instead: said with every such refusal, so nobody guesses twice. */
function acceptedFormats(): string {
  return l10n.t('Accepted formats: {0} (at most 500 MB a file).', UPLOAD_FORMATS.join(', '));
}

function retry(ctx: UserMessageContext, fallback = l10n.t('Try again.')): string {
  return ctx.retryHint ?? fallback;
}

function withRequestId(why: string, err: NemoError): string {
  return err.requestId ? l10n.t('{0} (request {1})', why, err.requestId) : why;
}

function authReason(err: NemoError, ctx: UserMessageContext): Reason {
  const source = ctx.tokenSource ?? detail(err, 'fixedToken');
  if (source === 'env') {
    return { why: l10n.t('the token in NEMO_TOKEN was refused (expired or invalid)'), todo: l10n.t('Set a valid token in NEMO_TOKEN, or unset it to use a free anonymous token.') };
  }
  if (source === 'user') {
    return { why: l10n.t('your Nemo token was refused (expired or invalid)'), todo: l10n.t('Enter a new token, or sign out to use a free anonymous token.') };
  }
  return { why: l10n.t('the free Nemo token was refused and a new one could not be made'), todo: retry(ctx, l10n.t('Try again in a minute.')) };
}

function creditsReason(err: NemoError, ctx: UserMessageContext): Reason {
  const errUserId = detail(err, 'userId');
  const anonymous = ctx.tokenSource === 'anonymous' || (ctx.tokenSource === undefined && errUserId?.startsWith('anon_') === true);
  const anonId = ctx.anonymousUserId ?? (anonymous ? errUserId : undefined);
  const stillFree = ctx.operation === 'chat' ? ` ${l10n.t('Exporting is free, so you can still export what you have.')}` : '';
  if (anonId !== undefined) {
    return { why: l10n.t('you have used all your free credits'), todo: l10n.t('Register to get more and keep your work: {0}', registrationLink(anonId)) + stillFree };
  }
  if (anonymous) {
    return { why: l10n.t('you have used all your free credits'), todo: l10n.t('Register at {0} to get more.', REGISTER_URL) + stillFree };
  }
  return { why: l10n.t('your Nemo account is out of credits'), todo: l10n.t('Top up your credits at nemovideo.com, then try again.') + stillFree };
}

/** A file of this machine that could not be used: which, why in plain words, and what to change. */
function localFileReason(err: NemoError, ctx: UserMessageContext): Reason {
  const file = detail(err, 'file') ?? l10n.t('a local file');
  const errno = detail(err, 'errno') ?? '';
  const access = detail(err, 'access');
  const what = access === 'write' ? l10n.t('could not write {0}', file) : access === 'read' ? l10n.t('could not read {0}', file) : l10n.t('could not open {0}', file);
  const inStore = ctx.storeFolder !== undefined && file.startsWith(ctx.storeFolder.path);
  const elsewhere = inStore ? ctx.storeFolder!.hint : retry(ctx);
  switch (errno) {
    case 'EACCES':
    case 'EPERM':
      return { why: l10n.t('{0}: permission denied', what), todo: `${l10n.t('Check that you may use it (its permissions and owner, and those of its folder).')} ${elsewhere}` };
    case 'EROFS':
      return { why: l10n.t('{0}: the disk is read-only', what), todo: `${l10n.t('Use a folder on a writable disk.')} ${elsewhere}` };
    case 'ENOSPC':
    case 'EDQUOT':
      return { why: l10n.t('{0}: the disk is full', what), todo: `${l10n.t('Free some disk space.')} ${retry(ctx)}` };
    case 'EISDIR':
      return { why: l10n.t('{0}: it is a folder where a file should be', what), todo: `${l10n.t('Move or rename that folder.')} ${elsewhere}` };
    case 'ENOTDIR':
    case 'EEXIST':
      return { why: l10n.t('{0}: part of that path is a file where a folder should be', what), todo: `${l10n.t('Move or rename that file.')} ${elsewhere}` };
    default:
      return { why: l10n.t('{0} ({1})', what, errno), todo: retry(ctx) };
  }
}

function nemoReason(err: NemoError, ctx: UserMessageContext): Reason {
  // A lost answer to a render request: the job may be running, and renders.ts says so precisely.
  if (err.details.mayBeRunning === true) return { why: clause(err.message) };
  const file = detail(err, 'file');
  switch (err.kind) {
    case 'auth': return authReason(err, ctx);
    case 'out-of-credits': return creditsReason(err, ctx);
    case 'session-lost':
      return {
        why: l10n.t('the session was not found, so its timeline is gone'),
        todo: err.details.newSessionId !== undefined ? l10n.t('A new session was started: describe your video again.') : l10n.t('Start again with a new prompt.'),
      };
    case 'unsupported-file':
      return {
        why: file ? l10n.t('{0} is not a supported file type', file) : l10n.t('this file type is not supported'),
        todo: l10n.t('Use one of: {0}.', UPLOAD_FORMATS.join(', ')),
      };
    case 'file-too-large':
      return {
        why: file ? l10n.t('{0} is larger than 500 MB', file) : l10n.t('the file is larger than 500 MB'),
        todo: `${l10n.t('Compress or trim it to under 500 MB, then upload it again.')} ${acceptedFormats()}`,
      };
    case 'missing-client-id': return { why: l10n.t('the server did not accept this installation\'s client id'), todo: retry(ctx) };
    case 'export-blocked':
      return {
        why: l10n.t('the free plan does not allow this export (a plan limit, not a lack of credits)'),
        todo: l10n.t('Upgrade your plan at nemovideo.com, or keep editing and export later.'),
      };
    case 'rate-limited': {
      const seconds = Math.max(1, Math.ceil((err.retryAfterMs ?? 30_000) / 1000));
      // Past a minute the client does not wait on its own (retryPolicy.ts): say how long was asked.
      if (seconds > 60) return { why: l10n.t('Nemo is receiving too many requests'), todo: l10n.t('It asks to wait about {0} minutes; try again after that.', Math.ceil(seconds / 60)) };
      const wait = l10n.t('Wait {0} seconds, then try again.', seconds);
      return { why: l10n.t('Nemo is receiving too many requests'), todo: ctx.retryHint ? `${l10n.t('Wait {0} seconds.', seconds)} ${ctx.retryHint}` : wait };
    }
    case 'free-token-limit':
      // Retrying does not help for days (one free token per installation per 7 days, ten per network).
      return {
        why: l10n.t('no new free Nemo token can be had for now (Nemo gives one per installation every 7 days)'),
        todo: ctx.tokenEntryHint ?? l10n.t('Use a personal token from Nemo\'s web app (Settings → API Tokens).'),
      };
    case 'server':
      return {
        why: withRequestId(err.status ? l10n.t('the Nemo service had a problem (HTTP {0})', err.status) : l10n.t('the Nemo service had a problem'), err),
        todo: retry(ctx, l10n.t('Try again in a few minutes.')),
      };
    case 'http': {
      const what = err.code !== undefined ? l10n.t('code {0}', err.code) : err.status !== undefined ? l10n.t('HTTP {0}', err.status) : clause(err.message);
      return { why: withRequestId(l10n.t('the server answered with an unexpected error ({0})', what), err), todo: retry(ctx) };
    }
    case 'connection': {
      const check = l10n.t('Check your internet connection and proxy settings');
      return {
        why: detail(err, 'reason') ?? (err.didNothing ? l10n.t('could not reach the Nemo service') : l10n.t('the connection to the Nemo service broke')),
        todo: ctx.retryHint ? `${check}. ${ctx.retryHint}` : l10n.t('{0}, then try again.', check),
      };
    }
    case 'timeout': return { why: l10n.t('the Nemo service took too long to answer'), todo: retry(ctx) };
    case 'stream': {
      // An event past the decoder's cap is a limit this version keeps: named, not "broke off".
      const cap = err.details.maxBufferBytes;
      // Never suggest resending a message that may have run: it can spend credits twice.
      return {
        why: typeof cap === 'number'
          ? l10n.t('the reply stream sent an event larger than {0} MiB, more than this version reads', Math.round(cap / 1024 / 1024))
          : l10n.t('the reply stream broke off'),
        todo: l10n.t('Your request may still be running: check the timeline (status) before sending it again.'),
      };
    }
    case 'agent':
      // The turn ran: it may have spent credits and changed part of the timeline, so never "try again" blindly.
      return {
        why: l10n.t('the agent reported an error ({0})', clause(detail(err, 'agentError') ?? l10n.t('no reason given'))),
        todo: l10n.t('It may have changed part of the timeline: check it (status) before sending the message again.'),
      };
    case 'render-failed':
      return { why: l10n.t('render failed ({0})', detail(err, 'reason') ?? l10n.t('no reason given')), todo: retry(ctx, l10n.t('Try the export again.')) };
    // A file refused before upload (missing, empty): the person is about to pick another one.
    case 'invalid-input': return file ? { why: clause(err.message), todo: acceptedFormats() } : { why: clause(err.message) };
    case 'local-file': return localFileReason(err, ctx);
    case 'protocol': {
      // A download refused for a named reason (a web page instead of the video, the wrong size) says it.
      const reason = detail(err, 'reason');
      if (reason !== undefined) return { why: withRequestId(l10n.t('the video could not be saved: {0}', clause(reason)), err), todo: retry(ctx) };
      // A limit this version keeps (JSON nesting, an answer's or its headers' size) is named, not hidden behind "cannot read".
      const why = err.details.nestedDeeperThan !== undefined || err.details.overLimit === true ? clause(err.message) : l10n.t('Nemo answered something this version cannot read');
      return { why: withRequestId(why, err), todo: l10n.t('Try again; if it keeps happening, update to the latest version.') };
    }
    case 'aborted': return { why: l10n.t('cancelled') };
  }
}

export function toUserMessage(err: unknown, ctx: UserMessageContext = {}): string {
  if (isAbort(err)) return isNemoError(err) && err.details.mayHaveRun === true ? stoppedTurnWords(err).join(' ') : l10n.t('Cancelled.');
  const prefix = failedPrefix(ctx.operation);
  let reason: Reason;
  // A file-system error from anywhere (a store, a download, a local export) is classified once.
  const known = isNemoError(err) ? err : localFileError(err);
  if (known) reason = nemoReason(known, ctx);
  else if (err instanceof Error) reason = { why: clause(err.message) || err.name };
  else reason = { why: clause(String(err)) };
  let sentence = reason.todo ? `${prefix}: ${reason.why}. ${reason.todo}` : `${prefix}: ${reason.why}.`;
  if (ctx.localExportHint !== undefined && offersLocalExport(err)) {
    sentence += ` ${l10n.t('You can also export it on this machine with ffmpeg, for free: {0}.', ctx.localExportHint)}`;
  }
  // It may quote the server (a reason, a file name): one clean line, no secret in it.
  return safeText(sentence, { oneLine: true });
}
