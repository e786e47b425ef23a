// The `nemo.*` settings, read and validated in one place.
import * as vscode from 'vscode';
import { DEFAULT_WEB_BASE, validateBaseUrl } from '../../nemo/urls';

export const DEFAULT_API_BASE = 'https://mega-api-prod.nemovideo.ai';
export const DEFAULT_EXPORT_FOLDER = 'videos';

export interface NemoSettings {
  apiBaseUrl: string;
  /** `nemo.webBaseUrl`: Nemo's web editor; checked by the client before any request (src/nemo/webEditor.ts). */
  webBaseUrl: string;
  exportFolder: string;
  language: string;
  pollIntervalSeconds: number | undefined;
  /** `nemo.ffmpegPath`; empty: NEMO_FFMPEG, else PATH. */
  ffmpegPath: string;
  localExportScale: 'fit' | 'fill';
  /** `nemo.streamSilenceSeconds` / `nemo.streamMaxSeconds` as set (unchecked: src/nemo/streamTiming.ts judges them); undefined: the documented limits. */
  streamSilenceSeconds: unknown;
  streamMaxSeconds: unknown;
}

/** The settings the reply stream's limits come from, as a bad value's words name them. */
export const STREAM_LIMIT_SETTINGS = { silence: 'nemo.streamSilenceSeconds', max: 'nemo.streamMaxSeconds' } as const;

export type BaseUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

/**
 * The token goes to this base, so the client's own rule applies (https; plain http only for this
 * machine): checked here too, so a bad setting is reported at activation, before the client loads.
 */
export function checkBaseUrl(raw: string): BaseUrlCheck {
  try {
    return { ok: true, url: validateBaseUrl(raw) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The value the person set in any scope, or undefined. For a setting that declares no default, `get()`
 * cannot tell "unset" apart: VS Code answers it with its type's empty value (0 for a number).
 */
function setByPerson(config: vscode.WorkspaceConfiguration, key: string): unknown {
  const seen = config.inspect(key);
  return seen?.workspaceFolderValue ?? seen?.workspaceValue ?? seen?.globalValue;
}

/** Reads the settings. An invalid base URL is an error the caller shows; it never falls back silently. */
export function readSettings(): NemoSettings {
  const config = vscode.workspace.getConfiguration('nemo');
  const poll = setByPerson(config, 'pollIntervalSeconds');
  return {
    apiBaseUrl: config.get<string>('apiBaseUrl') || DEFAULT_API_BASE,
    webBaseUrl: config.get<string>('webBaseUrl')?.trim() || DEFAULT_WEB_BASE,
    exportFolder: config.get<string>('exportFolder') || DEFAULT_EXPORT_FOLDER,
    language: config.get<string>('language') || 'auto',
    pollIntervalSeconds: typeof poll === 'number' && poll > 0 ? poll : undefined,
    ffmpegPath: config.get<string>('ffmpegPath')?.trim() ?? '',
    localExportScale: config.get<string>('localExportScale') === 'fill' ? 'fill' : 'fit',
    streamSilenceSeconds: setByPerson(config, 'streamSilenceSeconds'),
    streamMaxSeconds: setByPerson(config, 'streamMaxSeconds'),
  };
}
