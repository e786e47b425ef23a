// The client (and with it undici) loads on first network use, not at activation: esbuild turns
// this exact `require('../nemo')` into `require('./client.js')` (dist/client.js). Everything else in
// src/extension imports only types from src/nemo.
import type * as NemoModule from '../nemo';

export type Nemo = typeof NemoModule;

let loaded: Nemo | undefined;

export function loadNemo(): Nemo {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load is the point
  loaded ??= require('../nemo') as Nemo;
  return loaded;
}
