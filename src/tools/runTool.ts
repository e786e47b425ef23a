// Runs one tool by name: the input is checked against the catalog's schema first (whatever the host
// checked), then the tool runs on the front end's client, and any failure becomes one actionable
// sentence (src/chat's toUserMessage, plus what a model can do next), never a stack trace. What a
// tool answers may quote the backend (the agent's reply, titles): it leaves through safeText.
import * as l10n from '@vscode/l10n';
import { toUserMessage, type Operation } from '../chat';
import { isAbort, isNemoError } from '../nemo/errors';
import { safeText } from '../shared/safeText';
import { toolSpec, type ToolName } from './catalog';
import { exportVideo, type ExportInput } from './exportTool';
import { checkInput } from './inputSchema';
import { showCredits, showTimeline, webEditorLink } from './readTools';
import { answerQuestion, editVideo, generateVideo, type GenerateInput } from './turnTools';
import type { ToolCall, ToolHost, ToolResult } from './toolHost';
import { uploadMedia } from './uploadTool';

function dispatch(name: ToolName, host: ToolHost, call: ToolCall, input: Record<string, unknown>): Promise<string> {
  switch (name) {
    case 'nemo_generate_video': return generateVideo(host, call, input as unknown as GenerateInput);
    case 'nemo_edit_video': return editVideo(host, call, input as { instruction: string });
    case 'nemo_answer_question': return answerQuestion(host, call, input as { answers: string[] });
    case 'nemo_show_timeline': return showTimeline(host, call);
    case 'nemo_export_video': return exportVideo(host, call, input as ExportInput);
    case 'nemo_upload_media': return uploadMedia(host, call, input as { paths: string[] });
    case 'nemo_credits': return showCredits(host, call);
    case 'nemo_open_in_web_editor': return webEditorLink(host, call);
  }
}

function operationOf(name: ToolName): Operation {
  switch (name) {
    case 'nemo_export_video': return 'export';
    case 'nemo_upload_media': return 'upload';
    case 'nemo_credits': return 'credits';
    case 'nemo_show_timeline': return 'status';
    case 'nemo_open_in_web_editor': return 'open';
    default: return 'chat';
  }
}

/** The sentence a model reads for a failure: what failed, why, what to do next. */
async function failureText(err: unknown, name: ToolName, host: ToolHost): Promise<string> {
  if (isAbort(err)) return l10n.t('Cancelled: {0} was stopped before it finished.', name);
  const tokenSource = host.tokenSource();
  // The registration link for an anonymous user out of credits needs their id (the token is cached).
  const anonymousUserId = isNemoError(err) && err.kind === 'out-of-credits' && tokenSource === 'anonymous'
    ? await host.client().then((c) => c.identity()).then((i) => i.userId, () => undefined)
    : undefined;
  const sentence = toUserMessage(err, {
    operation: operationOf(name),
    tokenSource,
    ...(anonymousUserId ? { anonymousUserId } : {}),
    retryHint: l10n.t('Call {0} again.', name),
  });
  const extra = !isNemoError(err) ? ''
    : err.kind === 'out-of-credits' ? l10n.t('Tell the user: no more videos or edits can be made until they get more credits; export stays free.')
    : err.kind === 'export-blocked' && host.localRender ? l10n.t('To get the MP4 anyway, call nemo_export_video again with where: "local" (renders on this machine with ffmpeg; free).')
    : '';
  return extra ? `${sentence} ${extra}` : sentence;
}

export async function runTool(name: string, input: unknown, host: ToolHost, call: ToolCall = {}): Promise<ToolResult> {
  const spec = toolSpec(name);
  if (!spec) return { ok: false, text: l10n.t('There is no Nemo tool named {0}.', name) };
  const checked = checkInput(spec.inputSchema, input ?? {});
  if (!checked.ok) {
    return { ok: false, text: l10n.t('Invalid input for {0}: {1}. Fix the input and call it again.', spec.name, checked.problems.join('; ')) };
  }
  try {
    return { ok: true, text: safeText(await dispatch(spec.name, host, call, checked.value)) };
  } catch (e) {
    host.log?.(`${spec.name} failed: ${isNemoError(e) ? e.kind : e instanceof Error ? e.name : 'error'}`);
    return { ok: false, text: await failureText(e, spec.name, host) };
  }
}
