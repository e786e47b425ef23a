// The timeline model: what src/nemo, the CLI and the extension import from src/draft.
export { parseDraft, isExportReady, type Draft, type Track, type Segment } from './model';
export { summarizeDraft } from './summary';
export { diffDrafts, describeChanges, type DraftChange } from './diff';
