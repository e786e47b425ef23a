// The attribution headers every request carries (missing attribution makes export answer 402), and
// the host name → platform mapping the extension and the CLI pass in.

export type Platform = 'vscode' | 'cursor' | 'vscodium' | 'code-server' | 'cli' | 'unknown';

export const SKILL_SOURCE = 'ai-free-generator';

export function attributionHeaders(platform: Platform, version: string): Record<string, string> {
  return {
    'x-skill-source': SKILL_SOURCE,
    'x-skill-version': version,
    'x-skill-platform': platform,
  };
}

/** Maps the host application's name (VS Code's `env.appName`) to a platform. */
export function platformFromAppName(appName: string): Platform {
  const name = appName.toLowerCase();
  if (name.includes('cursor')) return 'cursor';
  if (name.includes('vscodium')) return 'vscodium';
  if (name.includes('code-server')) return 'code-server';
  if (name.includes('visual studio code') || name.includes('vs code') || name === 'code') return 'vscode';
  return 'unknown';
}
