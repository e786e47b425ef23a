// GET /api/state/nemo_agent/me/<sid>/latest. Besides the parsed state, keeps the exact source text
// of `state.draft` (rawDraft) so export sends it back byte-for-byte, unknown keys and all.
import * as l10n from '@vscode/l10n';
import { parseDraft, type Draft } from '../draft/model';
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
  /** The exact JSON text of `state.draft` as the server sent it; undefined when there is no draft. */
  rawDraft: string | undefined;
  /** The tolerant model of the draft (src/draft), for summaries and diffs. */
  draft: Draft | undefined;
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
  let rawDraft: string | undefined;
  if (draftValue !== undefined && draftValue !== null) {
    rawDraft = rawValueAt(rawBody, ['data', 'state', 'draft']) ?? rawValueAt(rawBody, ['state', 'draft']);
    // A draft sent as a JSON string holding JSON: its text is the draft.
    if (typeof draftValue === 'string') rawDraft = draftValue;
  }
  return {
    sessionId: idField(rawBody, ['data', 'session_id'], data.session_id) ?? sessionId,
    taskId: idField(rawBody, ['data', 'task_id'], data.task_id),
    taskName: typeof data.task_name === 'string' ? data.task_name : undefined,
    state,
    rawDraft,
    draft: rawDraft === undefined ? undefined : parseDraft(rawDraft),
  };
}

export async function getState(t: Transport, sessionId: string, signal?: AbortSignal): Promise<SessionState> {
  const res = await t.call('GET', statePath(sessionId), { signal });
  return parseState(sessionId, res.data, res.rawBody);
}
