// URL rules shared by the transport, uploads, downloads, the CLI and the extension's settings check.
// Pure (no undici), so the extension can use it at activation without loading the client bundle.
import * as l10n from '@vscode/l10n';
import { NemoError } from './errors';

/** Where Nemo's web editor lives unless `nemo.webBaseUrl` / NEMO_WEB_URL says otherwise. */
export const DEFAULT_WEB_BASE = 'https://nemovideo.com';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The URL, or undefined when the text is not one. */
export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

export function isHttp(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}

/** The words a rejected address is refused with: which address it is decides the sentence. */
interface AddressWords {
  notUrl: () => string;
  notSecure: (origin: string) => string;
  extras: () => string;
}

/**
 * https, or plain http only on this machine; no credentials, query or fragment; no trailing slash.
 * What was typed is never echoed whole: it may hold a password or a token (user:secret@host, ?token=…).
 */
function checkAddress(raw: string, words: AddressWords): string {
  const url = parseUrl(raw.trim());
  if (!url) throw new NemoError('invalid-input', words.notUrl());
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new NemoError('invalid-input', words.notSecure(url.origin));
  }
  if (url.username || url.password || url.search || url.hash) throw new NemoError('invalid-input', words.extras());
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Checks and normalizes the API base URL: https, or plain http only on this machine (the local
 * emulator), so a token never crosses a network unencrypted.
 */
export function validateBaseUrl(raw: string): string {
  return checkAddress(raw, {
    notUrl: () => l10n.t('The Nemo API address is not a URL.'),
    notSecure: (origin) => l10n.t('The Nemo API address must use https (plain http only for 127.0.0.1 or localhost): {0}', origin),
    extras: () => l10n.t('The Nemo API address must not contain credentials, a query or a fragment.'),
  });
}

/**
 * Checks and normalizes the address of Nemo's web editor (`nemo.webBaseUrl`, NEMO_WEB_URL) by the
 * same rule: the claim link carries a sign-in for the person's project, so it is not sent in clear
 * over a network either.
 */
export function validateWebBaseUrl(raw: string): string {
  return checkAddress(raw, {
    notUrl: () => l10n.t('The Nemo web editor address is not a URL.'),
    notSecure: (origin) => l10n.t('The Nemo web editor address must use https (plain http only for 127.0.0.1 or localhost): {0}', origin),
    extras: () => l10n.t('The Nemo web editor address must not contain credentials, a query or a fragment.'),
  });
}
