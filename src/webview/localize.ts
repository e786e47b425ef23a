// Loads the editor's translations into @vscode/l10n before any view is built. The host puts them
// in a <meta> of the page (the webview has no file access and no network), as JSON that is
// checked to be a plain string map before use.
import * as l10n from '@vscode/l10n';
import { stringMap } from '../shared/guards';

export function loadTranslations(): void {
  const text = document.querySelector('meta[name="nemo-l10n"]')?.getAttribute('content');
  if (!text) return;
  try {
    l10n.config({ contents: stringMap(10_000, 10_000)(JSON.parse(text), 'l10n') });
  } catch (err) {
    console.warn(`nemo timeline: translations ignored: ${err instanceof Error ? err.message : String(err)}`);
  }
}
