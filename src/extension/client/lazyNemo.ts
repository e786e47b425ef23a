// The client (and with it undici) loads on first network use, not at activation: esbuild turns
// this exact `require('../../nemo')` into `require('./client.js')` (dist/client.js). Everything else in
// src/extension imports only types from src/nemo.
import * as vscode from 'vscode';
import type * as NemoModule from '../../nemo';

export type Nemo = typeof NemoModule;

let loaded: Nemo | undefined;

export function loadNemo(): Nemo {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load is the point
    loaded = require('../../nemo') as Nemo;
    const bundle = vscode.l10n.bundle;
    if (bundle) loaded.configureL10n(bundle);
  }
  return loaded;
}
