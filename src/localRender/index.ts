// What dist/localRender.js exports: the extension loads it lazily (src/extension/export/lazyLocalRender.ts)
// beside the client bundle; the CLI bundles it; the emulator imports the sources.
export { locateFfmpeg, installHintFor, type FfmpegLocation, type LocateOptions } from './ffmpegLocator';
export { exportLocally, renderDraft, type LocalExportOptions, type LocalExportResult } from './localExport';
export type { ScaleMode } from './plan';
export { configureL10n } from '../nemo/l10nHost';
