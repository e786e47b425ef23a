// The timeline model: what src/nemo, the CLI and the extension import from src/draft.
export {
  parseDraft, readDraft, isExportReady, isUnreadable, drawable,
  type Draft, type DraftReading, type Track, type Segment,
} from './model';
export { summarizeDraft, unreadableFormatName } from './summary';
export { diffDrafts, describeChanges, type DraftChange } from './diff';
