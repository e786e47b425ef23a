// Local export's code (planner, ffmpeg runner, media cache) loads on the first local export, not at
// activation: esbuild turns this exact `require('../../localRender')` into `require('./localRender.js')`
// (dist/localRender.js), as lazyNemo does for the client. It drives the client's transport.
import type * as LocalRenderModule from '../../localRender';
import { lazyBundle } from '../client/lazyBundle';

export type LocalRender = typeof LocalRenderModule;

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the lazy load is the point
export const loadLocalRender = lazyBundle(() => require('../../localRender') as LocalRender);
