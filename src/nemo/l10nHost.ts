import * as l10n from '@vscode/l10n';

/**
 * dist/client.js carries its own copy of @vscode/l10n, separate from the extension bundle's, so the
 * host hands it the same translations; without this, errors worded inside the client stay English.
 */
export function configureL10n(contents: Record<string, string>): void {
  l10n.config({ contents });
}
