// GET /api/state/nemo_agent/me/<sid>/latest. Besides the parsed state, keeps the exact source text
// of `state.draft` (rawDraft) so export sends it back byte-for-byte, unknown keys and all.
import * as l10n from '@vscode/l10n';
import { isUnreadable, readDraft, type DraftReading } from '../draft/model';
import { NemoError } from './errors';
import { rawValueAt } from './rawJson';
import { idField } from './sessions';
import type { Transport } from './transport';

export interface SessionState {
  sessionId: string;
  taskId?: string;
  taskName?: string;
  /** The whole `state` object as parsed (video_infos, generated_media, canvas_config, ...). */
  state: Record<string, unknown>;
  /**
   * The JSON text export sends as the draft: `state.draft` exactly as the server sent it (for a
   * JSON string holding a JSON object, that object's text); undefined when there is no draft.
   */
  rawDraft: string | undefined;
  /** The draft as src/draft reads it: the short-key model for summaries and diffs, or unreadable (still exported). */
  draft: DraftReading | undefined;
}

export function statePath(sessionId: string): string {
  return `/api/state/nemo_agent/me/${encodeURIComponent(sessionId)}/latest`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a state answer. `rawBody` is the whole response text; `data` its unwrapped envelope. */
export function parseState(sessionId: string, data: unknown, rawBody: string): SessionState {
  if (!isRecord(data)) throw new NemoError('protocol', l10n.t('The session state answer has no data.'), { path: statePath(sessionId) });
  const state = isRecord(data.state) ? data.state : {};
  // The envelope decides where data sits in the body: {code,data} and {success,data} both use `data`.
  const draftValue = state.draft;
  const sourceText = draftValue === undefined || draftValue === null ? undefined
    : rawValueAt(rawBody, ['data', 'state', 'draft']) ?? rawValueAt(rawBody, ['state', 'draft']);
  const draft = sourceText === undefined ? undefined : readDraft(draftValue, sourceText);
  // A draft sent as a JSON string holding a JSON object: that object's text is the draft. Any other
  // string (Draft V3's XML-like text) is sent back as the string it came as, escapes and all.
  const rawDraft = draft === undefined ? undefined
    : typeof draftValue === 'string' && !isUnreadable(draft) ? draftValue : sourceText;
  return {
    sessionId: idField(rawBody, ['data', 'session_id'], data.session_id) ?? sessionId,
    taskId: idField(rawBody, ['data', 'task_id'], data.task_id),
    taskName: typeof data.task_name === 'string' ? data.task_name : undefined,
    state,
    rawDraft,
    draft,
  };
}

export async function getState(t: Transport, sessionId: string, signal?: AbortSignal): Promise<SessionState> {
  const res = await t.call('GET', statePath(sessionId), { signal });
  return parseState(sessionId, res.data, res.rawBody);
}
