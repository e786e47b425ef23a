// The `nemo.*` settings, read and validated in one place.
import * as vscode from 'vscode';

export const DEFAULT_API_BASE = 'https://mega-api-prod.nemovideo.ai';
export const DEFAULT_EXPORT_FOLDER = 'videos';

export interface NemoSettings {
  apiBaseUrl: string;
  exportFolder: string;
  language: string;
  pollIntervalSeconds: number | undefined;
}

export type BaseUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The token goes to this base, so only https is accepted; plain http only for this machine
 * (the local emulator). The result has no trailing slash and no path beyond the origin's own.
 */
export function checkBaseUrl(raw: string): BaseUrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: vscode.l10n.t('"{0}" is not a URL.', raw) };
  }
  if (url.username || url.password) return { ok: false, reason: vscode.l10n.t('The API base URL must not contain a user name or password.') };
  if (url.search || url.hash) return { ok: false, reason: vscode.l10n.t('The API base URL must not contain a query or fragment.') };
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    return { ok: false, reason: vscode.l10n.t('The API base URL must use https (plain http is only allowed for 127.0.0.1 or localhost): {0}', url.origin) };
  }
  return { ok: true, url: url.href.replace(/\/+$/, '') };
}

/** Reads the settings. An invalid base URL is an error the caller shows; it never falls back silently. */
export function readSettings(): NemoSettings {
  const config = vscode.workspace.getConfiguration('nemo');
  const poll = config.get<number>('pollIntervalSeconds');
  return {
    apiBaseUrl: config.get<string>('apiBaseUrl') || DEFAULT_API_BASE,
    exportFolder: config.get<string>('exportFolder') || DEFAULT_EXPORT_FOLDER,
    language: config.get<string>('language') || 'auto',
    pollIntervalSeconds: typeof poll === 'number' && poll > 0 ? poll : undefined,
  };
}
