// Local export's code (planner, ffmpeg runner, media cache) loads on the first local export, not at
// activation: esbuild turns this exact `require('../../localRender')` into `require('./localRender.js')`
// (dist/localRender.js). It drives the client that client/lazyNemo.ts loaded, through its transport.
import * as vscode from 'vscode';
import type * as LocalRenderModule from '../../localRender';

export type LocalRender = typeof LocalRenderModule;

let loaded: LocalRender | undefined;

export function loadLocalRender(): LocalRender {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load is the point
    loaded = require('../../localRender') as LocalRender;
    const bundle = vscode.l10n.bundle;
    if (bundle) loaded.configureL10n(bundle);
  }
  return loaded;
}
