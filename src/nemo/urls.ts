// URL rules shared by the transport, uploads, downloads, the CLI and the extension's settings check.
// Pure (no undici), so the extension can use it at activation without loading the client bundle.
import * as l10n from '@vscode/l10n';
import { NemoError } from './errors';

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

/**
 * Checks and normalizes the API base URL: https, or plain http only on this machine (the local
 * emulator), so a token never crosses a network unencrypted. No credentials, query or fragment;
 * no trailing slash.
 */
export function validateBaseUrl(raw: string): string {
  const url = parseUrl(raw.trim());
  // Not echoed: what was typed may hold a password or a token (user:secret@host, ?token=…).
  if (!url) throw new NemoError('invalid-input', l10n.t('The Nemo API address is not a URL.'));
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new NemoError('invalid-input', l10n.t('The Nemo API address must use https (plain http only for 127.0.0.1 or localhost): {0}', url.origin));
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new NemoError('invalid-input', l10n.t('The Nemo API address must not contain credentials, a query or a fragment.'));
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
