// The tools' implementations load on first use, not at activation: esbuild turns this exact
// `require('../../tools')` into `require('./tools.js')` (dist/tools.js), as lazyNemo does for the
// client. Everything else in src/extension imports only types from src/tools.
import * as vscode from 'vscode';
import type * as ToolsModule from '../../tools';

export type Tools = typeof ToolsModule;

let loaded: Tools | undefined;

export function loadTools(): Tools {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load is the point
    loaded = require('../../tools') as Tools;
    const bundle = vscode.l10n.bundle;
    if (bundle) loaded.configureL10n(bundle);
  }
  return loaded;
}
