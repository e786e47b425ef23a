// The CLI's language comes from the POSIX locale (LC_ALL, then LC_MESSAGES, then LANG): it picks the
// l10n bundle for what the CLI prints and the session language the agent answers in.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';

export type CliLanguage = 'en' | 'zh';

export function languageFromEnv(env: NodeJS.ProcessEnv): CliLanguage {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/**
 * Loads the translated strings when a bundle exists for the language; English needs none (the
 * source strings are English). Must run before the first l10n.t() call.
 */
export function configureL10n(language: CliLanguage, l10nDir: string): void {
  if (language !== 'zh') return;
  const bundle = path.join(l10nDir, 'bundle.l10n.zh-cn.json');
  if (existsSync(bundle)) l10n.config({ fsPath: bundle });
}
