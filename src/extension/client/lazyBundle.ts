// What the lazily loaded bundles (dist/client.js, dist/tools.js, dist/localRender.js) share:
// loaded once on first use, then handed the editor's translations for their own @vscode/l10n
// copy. The require call itself stays in lazyNemo.ts / lazyTools.ts, where esbuild rewrites it.
import * as vscode from 'vscode';

export function lazyBundle<T extends { configureL10n(bundle: Record<string, string>): void }>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => {
    if (!loaded) {
      loaded = load();
      const bundle = vscode.l10n.bundle;
      if (bundle) loaded.configureL10n(bundle);
    }
    return loaded;
  };
}
