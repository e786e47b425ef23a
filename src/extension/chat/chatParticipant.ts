// The @nemo chat participant: routes each request (slash command or intent words), runs it, and
// ends every reply with the timeline and follow-ups. Expected failures come back as errorDetails.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { questionLines, routeIntent, slashIntent, type Intent, type Operation, type SlashCommand } from '../../chat';
import { isUnreadable, summarizeDraft } from '../../draft';
import { GENERATION_COST } from '../credits/balance';
import { balanceBeforeGeneration } from '../credits/creditsStatusBar';
import { isNewGeneration, runConversationTurn, type TurnSink } from './conversation';
import { announceSaved, chooseExportTarget, describeStage, exportCurrentSession, exportCurrentSessionLocally, resumeOrStartAfresh, resumeRender } from '../export/exportFlow';
import { showQuestionButtons } from './questionPicks';
import { describeFailure } from '../core/failures';
import { backendMarkdown } from '../core/safeText';
import type { Services } from '../core/services';
import { uploadPaths } from '../upload/uploadFlow';
import { openWebEditor } from '../webEditor/webEditorLink';
import type { LocalExportResult } from '../../localRender';
import type { ExportResult } from '../../nemo/exporter';

export interface NemoChatResult extends vscode.ChatResult {
  /**
   * changedVideo: the reply was a turn that left the timeline changed (the follow-ups then offer the
   * web editor); awaitingAnswer: the agent asked and waits (the answer buttons are the only follow-ups).
   */
  metadata: { intent: Intent; changedVideo?: boolean; awaitingAnswer?: boolean };
}

/** Whose words a failure of this request gets ("Message failed", "Export failed", …). */
function operationOf(intent: Intent): Operation {
  switch (intent) {
    case 'message': return 'chat';
    case 'export-local': return 'export';
    case 'open-web': return 'open';
    default: return intent;
  }
}

/** The files attached to the request (#file, drag and drop): local paths only. */
export function attachedPaths(request: vscode.ChatRequest): string[] {
  const out: string[] = [];
  for (const ref of request.references) {
    const v = ref.value;
    const uri = v instanceof vscode.Uri ? v : v instanceof vscode.Location ? v.uri : undefined;
    if (uri?.scheme === 'file') out.push(uri.fsPath);
  }
  return out;
}

/** Which action a request asks for: the slash command wins, then the intent words. */
export function intentOf(request: Pick<vscode.ChatRequest, 'command' | 'prompt'>, hasAttachment: boolean): Intent {
  return slashIntent(request.command, request.prompt) ?? routeIntent(request.prompt, { hasAttachment });
}

/**
 * The handler. What the chat changes (a turn, an upload, an export) is announced on the window's
 * events by the flows themselves: the timeline panel follows those, the chat never calls it.
 */
export function createChatHandler(s: Services): vscode.ChatRequestHandler {
  return async (request, _context, stream, token): Promise<NemoChatResult> => {
    const files = attachedPaths(request);
    const intent = intentOf(request, files.length > 0);
    const controller = new AbortController();
    const onCancel = token.onCancellationRequested(() => controller.abort());
    let end: TurnEnd = {};
    try {
      switch (intent) {
        case 'credits': await replyCredits(s, stream); break;
        case 'status': await replyStatus(s, stream); break;
        case 'export': await replyExport(s, stream, false); break;
        case 'export-local': await replyExport(s, stream, true); break;
        case 'upload': await replyUpload(s, stream, files, controller.signal); break;
        case 'open-web': await replyOpenWebEditor(s, stream, controller.signal); break;
        case 'message': end = await replyTurn(s, request, stream, controller.signal); break;
      }
      return { metadata: { intent, ...end } };
    } catch (err) {
      const f = describeFailure(s, err, operationOf(intent));
      if (f.offerLocalExport) stream.button({ command: 'nemo.exportLocally', title: vscode.l10n.t('Export Locally') });
      // An anchor, not Markdown: the link holds the backend's user id, which must not shape a Markdown link.
      if (f.registerUrl) stream.anchor(vscode.Uri.parse(f.registerUrl), vscode.l10n.t('Register to get more credits'));
      if (f.offerSetToken) stream.button({ command: 'nemo.setToken', title: vscode.l10n.t('Set Token…') });
      return { errorDetails: { message: f.message }, metadata: { intent } };
    } finally {
      onCancel.dispose();
    }
  };
}

async function replyCredits(s: Services, stream: vscode.ChatResponseStream): Promise<void> {
  const client = await s.clients.get();
  const c = await client.getCredits();
  s.credits.update(c);
  stream.markdown(vscode.l10n.t('You have **{0}** credits available ({1} reserved for work in progress). A new clip costs about {2}.', c.available, c.frozen, GENERATION_COST));
}

/** The timeline in one line, and whether it is a draft this version cannot draw. */
async function timelineLine(s: Services): Promise<{ line: string; unreadable: boolean }> {
  const client = await s.clients.get();
  const sessionId = await s.sessions.get();
  if (!sessionId) return { line: vscode.l10n.t('No timeline yet: describe a video to start one.'), unreadable: false };
  const state = await client.getState(sessionId);
  return { line: state.draft ? summarizeDraft(state.draft) : vscode.l10n.t('The timeline is empty.'), unreadable: isUnreadable(state.draft) };
}

async function replyStatus(s: Services, stream: vscode.ChatResponseStream): Promise<void> {
  stream.progress(vscode.l10n.t('Reading the timeline…'));
  const { line, unreadable } = await timelineLine(s);
  stream.markdown(backendMarkdown(line));
  // Nemo's web editor draws every format: the way to see a timeline this version cannot.
  if (unreadable) stream.button({ command: 'nemo.openWebEditor', title: vscode.l10n.t('Open in Nemo Web Editor') });
  stream.button({ command: 'nemo.showTimeline', title: vscode.l10n.t('Show Timeline') });
}

async function replyExport(s: Services, stream: vscode.ChatResponseStream, local: boolean): Promise<void> {
  const result = await exportFromChat(s, stream, local);
  if (!result) return;
  stream.markdown(vscode.l10n.t('Saved **{0}**.', path.basename(result.file)));
  stream.anchor(vscode.Uri.file(result.file), path.basename(result.file));
  void announceSaved(result);
}

/** The saved video, or undefined when none was made (the reply then says why). */
async function exportFromChat(s: Services, stream: vscode.ChatResponseStream, local: boolean): Promise<ExportResult | LocalExportResult | undefined> {
  // As Export Video: an earlier cloud export that has not finished is offered to resume, beside a new one.
  const choice = local ? {} : await resumeOrStartAfresh(s);
  if (choice === undefined) {
    stream.markdown(vscode.l10n.t('Export not started.'));
    return undefined;
  }
  if (choice.resume) {
    stream.progress(vscode.l10n.t('Finishing the earlier export… (progress is in the notification)'));
    const resumed = await resumeRender(s, choice.resume, vscode.l10n.t('Nemo: finishing an earlier export'));
    if (!resumed) stream.markdown(vscode.l10n.t('Another window is finishing that export.'));
    return resumed;
  }
  const target = await chooseExportTarget('nemo-video.mp4');
  if (!target) {
    stream.markdown(vscode.l10n.t('Export cancelled: no folder was chosen.'));
    return undefined;
  }
  stream.progress(vscode.l10n.t('Exporting… (progress is in the notification)'));
  // The file is named from the draft's title: the prompt here is only "export".
  const onStage = (st: Parameters<typeof describeStage>[0]) => stream.progress(describeStage(st));
  return local ? exportCurrentSessionLocally(s, target, onStage) : exportCurrentSession(s, target, undefined, onStage);
}

async function replyUpload(s: Services, stream: vscode.ChatResponseStream, files: string[], signal: AbortSignal): Promise<void> {
  if (files.length === 0) {
    stream.markdown(vscode.l10n.t('Attach the files to upload with #file (or right-click them in the Explorer and choose "Upload to Nemo").'));
    return;
  }
  stream.progress(vscode.l10n.t('Uploading {0} file(s)…', files.length));
  const uploaded = await uploadPaths(s, files, signal, (sent, total) => stream.progress(vscode.l10n.t('Uploading… {0}%', total ? Math.round((sent / total) * 100) : 0)));
  if (!uploaded) {
    stream.markdown(vscode.l10n.t('Upload not started.'));
    return;
  }
  stream.markdown(backendMarkdown(vscode.l10n.t('Uploaded: {0}. Tell me what to do with it.', uploaded.map((u) => u.filename).join(', '))));
}

/** `/open`: the project in Nemo's web editor, in the browser; the claim link itself is not shown in the chat. */
async function replyOpenWebEditor(s: Services, stream: vscode.ChatResponseStream, signal: AbortSignal): Promise<void> {
  stream.progress(vscode.l10n.t('Getting a link to Nemo\'s web editor…'));
  const opened = await openWebEditor(s, signal);
  stream.markdown(opened
    ? vscode.l10n.t('Opened the project in Nemo\'s web editor, in your browser.')
    : vscode.l10n.t('The browser was not opened. Ask again with /open when you want it.'));
}

/** How a turn ended, for the follow-ups: the timeline changed (a video made or edited), or the agent asked. */
type TurnEnd = { changedVideo?: true; awaitingAnswer?: true };

async function replyTurn(s: Services, request: vscode.ChatRequest, stream: vscode.ChatResponseStream, signal: AbortSignal): Promise<TurnEnd> {
  const newGeneration = isNewGeneration(request.prompt, request.command);
  const available = newGeneration ? await balanceBeforeGeneration(s, signal) : undefined;
  if (available !== undefined && available < GENERATION_COST) {
    stream.markdown(vscode.l10n.t('Heads up: you have {0} credits and a new clip costs about {1}; the generation may stop early.', available, GENERATION_COST) + '\n\n');
  }
  const report = await runConversationTurn(s, request.prompt, chatTurnSink(stream), { signal, newGeneration });
  stream.markdown(backendMarkdown('\n\n' + report.closing.join('\n\n')));
  // The agent said it failed: the reply ends as a failure (errorDetails), after what it changed.
  if (report.reading.error) throw report.reading.error;
  // The agent waits for an answer: the questions, and a button per option that sends it.
  if (report.reading.questions) {
    stream.markdown(backendMarkdown('\n\n' + questionLines(report.reading.questions).join('\n\n')));
    showQuestionButtons(stream, report.reading.questions);
  }
  for (const action of report.actions) {
    if (action.kind === 'export') stream.button({ command: 'nemo.exportVideo', title: vscode.l10n.t('Export Video') });
    else if (action.kind === 'show-timeline' || action.kind === 'show-state') stream.button({ command: 'nemo.showTimeline', title: vscode.l10n.t('Show Timeline') });
  }
  if (report.reading.questions) return { awaitingAnswer: true };
  return report.outcome.changes.length > 0 && report.outcome.stateAfter?.draft !== undefined ? { changedVideo: true } : {};
}

/**
 * Steps go to the chat's progress line until the agent's first words arrive; after that they are a
 * quiet italic line of the reply. Newer Chat views fold any text that sits before a later progress
 * part into the collapsed "Completed N steps" block, which hid the reply's opening words.
 */
export function chatTurnSink(stream: vscode.ChatResponseStream): TurnSink {
  let textStarted = false;
  return {
    progress: (m) => (textStarted ? stream.markdown(backendMarkdown(`\n\n*${m}*\n\n`)) : stream.progress(m)),
    text: (t) => {
      textStarted = true;
      stream.markdown(backendMarkdown(t));
    },
  };
}

/**
 * "Export", "Make it 9:16", "Show timeline" after each reply; after a turn that made or changed the
 * video, also "Open in Nemo's web editor" (`/open`), to go on there by hand. None while the agent waits
 * for an answer: "Export" or "Make it 9:16" then would talk past its question.
 */
export function followups(result?: vscode.ChatResult): (vscode.ChatFollowup & { command: SlashCommand })[] {
  const all: (vscode.ChatFollowup & { command: SlashCommand })[] = [
    { prompt: vscode.l10n.t('Export the video'), label: vscode.l10n.t('Export'), command: 'export' },
    { prompt: vscode.l10n.t('local'), label: vscode.l10n.t('Export locally (ffmpeg)'), command: 'export' },
    { prompt: vscode.l10n.t('Make it 9:16'), label: vscode.l10n.t('Make it 9:16'), command: 'edit' },
    { prompt: vscode.l10n.t('Show the timeline'), label: vscode.l10n.t('Show timeline'), command: 'status' },
  ];
  const metadata: unknown = result?.metadata;
  if (typeof metadata === 'object' && metadata !== null && (metadata as { awaitingAnswer?: unknown }).awaitingAnswer === true) return [];
  const changed = typeof metadata === 'object' && metadata !== null && (metadata as { changedVideo?: unknown }).changedVideo === true;
  if (changed) all.push({ prompt: vscode.l10n.t('Open the project in Nemo\'s web editor'), label: vscode.l10n.t('Open in Nemo web editor'), command: 'open' });
  return all;
}

export function registerChatParticipant(s: Services): vscode.Disposable {
  const participant = vscode.chat.createChatParticipant('nemo.nemo', createChatHandler(s));
  participant.iconPath = vscode.Uri.joinPath(s.context.extensionUri, 'media', 'icon.png');
  participant.followupProvider = { provideFollowups: (result) => followups(result) };
  return participant;
}
