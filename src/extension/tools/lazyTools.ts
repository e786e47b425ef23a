// The tools' implementations load on first use, not at activation: esbuild turns this exact
// `require('../../tools')` into `require('./tools.js')` (dist/tools.js), as lazyNemo does for the
// client. Everything else in src/extension imports only types from src/tools.
import type * as ToolsModule from '../../tools';
import { lazyBundle } from '../client/lazyBundle';

export type Tools = typeof ToolsModule;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load is the point
export const loadTools = lazyBundle(() => require('../../tools') as Tools);
