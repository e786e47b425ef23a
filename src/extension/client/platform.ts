// Which editor we run in and which language the session should speak. Pure functions over the
// strings `vscode.env` gives, so they are tested without an editor.

/** The attribution values the backend knows for an editor host (the CLI says 'cli' itself). */
export type HostPlatform = 'vscode' | 'cursor' | 'vscodium' | 'code-server' | 'unknown';

/**
 * `appName` says most: "Visual Studio Code[ - Insiders]", "Cursor", "VSCodium", "code-server".
 * `uriScheme` settles the rest ("vscode-insiders", "vscodium"). code-server reports
 * `appName` 'code-server' but `uriScheme` 'code-oss', so the name is checked first.
 */
export function detectPlatform(appName: string, uriScheme: string): HostPlatform {
  const name = appName.toLowerCase();
  const scheme = uriScheme.toLowerCase();
  if (name.includes('code-server') || name.includes('code server')) return 'code-server';
  if (name.includes('cursor') || scheme === 'cursor') return 'cursor';
  if (name.includes('vscodium') || scheme.startsWith('vscodium')) return 'vscodium';
  if (name.startsWith('visual studio code') || scheme === 'vscode' || scheme === 'vscode-insiders') return 'vscode';
  return 'unknown';
}

/**
 * The session language: the `nemo.language` setting when it is not 'auto', else the editor's
 * display language reduced to its primary subtag ("zh-cn" → "zh", "en-us" → "en").
 */
export function detectLanguage(setting: string | undefined, displayLanguage: string): string {
  const chosen = setting && setting !== 'auto' ? setting : displayLanguage;
  const primary = chosen.trim().toLowerCase().split(/[-_]/)[0];
  return /^[a-z]{2,3}$/.test(primary ?? '') ? (primary as string) : 'en';
}
