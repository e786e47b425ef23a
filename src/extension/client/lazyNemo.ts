// The client (and with it undici) loads on first network use, not at activation: esbuild turns
// this exact `require('../../nemo')` into `require('./client.js')` (dist/client.js). Everything else in
// src/extension imports only types from src/nemo.
import type * as NemoModule from '../../nemo';
import { lazyBundle } from './lazyBundle';

export type Nemo = typeof NemoModule;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load is the point
export const loadNemo = lazyBundle(() => require('../../nemo') as Nemo);
