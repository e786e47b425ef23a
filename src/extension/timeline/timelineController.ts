// What the timeline panel's buttons and prompt box do (TimelineController), and the same actions
// for the commands: turns typed here stream into the panel. Whatever else changes the session (a
// chat turn, an upload, an export from anywhere) reaches the panel through the window's events,
// which this controller follows; no flow calls back into it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { questionLines, routeIntent } from '../../chat';
import type { DraftChange } from '../../draft';
import type { TurnOutcome } from '../../nemo';
import type { ExportEvent } from '../core/events';
import { isNewGeneration, runConversationTurn } from '../chat/conversation';
import { pickAnswer } from '../chat/questionPicks';
import { GENERATION_COST } from '../credits/balance';
import { balanceBeforeGeneration, showCredits } from '../credits/creditsStatusBar';
import {
  announceSaved, chooseExportTarget, configuredExportFolder, exportCurrentSession, exportCurrentSessionLocally, resumeOrStartAfresh, resumeRender, type ExportTarget,
} from '../export/exportFlow';
import type { LocalExportResult } from '../../localRender';
import type { ExportResult } from '../../nemo/exporter';
import { describeFailure, failureWords, type Failure } from '../core/failures';
import { noticeText } from '../../shared/safeText';
import type { Services } from '../core/services';
import type { TimelineController } from './pageMessages';
import { TimelinePanel, type TimelinePanelOptions } from './timelinePanel';
import { toTimelineViewState } from './viewState';
import { openWebEditor } from '../webEditor/webEditorLink';

/** How an export begins: into a target chosen now, or an earlier job resumed where it was going (undefined: another window has it). */
type ExportStart =
  | { into: (target: ExportTarget) => Promise<ExportResult | LocalExportResult> }
  | { resume: () => Promise<ExportResult | undefined> };

export class NemoTimelineController implements TimelineController, vscode.Disposable {
  private lastExport: { sessionId: string; file: string } | undefined;
  /** Redraws after events, one at a time and in order: two refreshes never race to the page. */
  private updates: Promise<void> = Promise.resolve();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly s: Services) {
    this.subscriptions = [
      s.events.onDidExport((e) => this.followExport(e)),
      s.events.onDidFinishTurn((outcome) => this.queue(() => this.turnFinished(outcome))),
      s.events.onDidUpload(() => this.queue(() => this.refresh())),
      s.events.onDidChangeByTool(() => this.queue(() => this.refresh())),
    ];
  }

  /** Resolves once the panel has caught up with every event so far. */
  whenIdle(): Promise<void> {
    return this.updates;
  }

  private queue(update: () => Promise<void>): void {
    this.updates = this.updates.then(update).catch((err: unknown) =>
      this.s.log.info(`timeline: update failed: ${err instanceof Error ? err.message : String(err)}`));
  }

  private get panel(): TimelinePanel | undefined {
    return TimelinePanel.active;
  }

  /** Opens (or reveals) the panel and draws the current session. */
  async show(): Promise<void> {
    TimelinePanel.show(this.s.context, this, panelOptions(this.s));
    await this.refresh();
  }

  async prompt(text: string): Promise<void> {
    switch (routeIntent(text)) {
      case 'export': return this.exportVideo();
      case 'export-local': return this.exportLocally();
      case 'credits': return this.showCredits();
      case 'status': return this.refresh();
      case 'upload':
        void vscode.window.showInformationMessage(vscode.l10n.t('To upload, right-click media files in the Explorer and choose "Upload to Nemo".'));
        return;
      case 'message': {
        // A new video is warned about (low credits) and may be resent after a lost session; an edit never is.
        const fresh = isNewGeneration(text);
        if (fresh && !(await this.confirmGeneration())) return;
        await this.runTurn(text, fresh);
      }
    }
  }

  /** A streaming turn shown in the panel (and, without a panel, in a notification). Errors are shown, not thrown. */
  async runTurn(text: string, newGeneration: boolean): Promise<boolean> {
    const panel = this.panel;
    panel?.startReply(text);
    const controller = new AbortController();
    try {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Nemo'), cancellable: true },
        async (progress, token) => {
          const cancel = token.onCancellationRequested(() => controller.abort());
          try {
            return await runConversationTurn(this.s, text, {
              progress: (m) => { progress.report({ message: m }); panel?.setBusy(true, m); },
              text: (t) => panel?.appendReply(t),
            }, { signal: controller.signal, newGeneration });
          } finally {
            cancel.dispose();
          }
        });
      panel?.appendReply('\n\n' + report.closing.join('\n\n'));
      await this.whenIdle(); // the redraw this turn's event asked for
      // A turn the agent reported as failed is a failure here too (the catch below), after what it changed.
      if (report.reading.error) throw report.reading.error;
      // The agent waits for an answer: quick picks, then the answer is the next turn here.
      if (report.reading.questions) {
        panel?.appendReply('\n\n' + questionLines(report.reading.questions).join('\n'));
        panel?.endReply();
        const answer = await pickAnswer(report.reading.questions);
        return answer === undefined ? true : await this.runTurn(answer, false);
      }
      panel?.endReply();
      if (!panel) void vscode.window.showInformationMessage(noticeText(report.closing.join(' ')));
      return true;
    } catch (err) {
      const f = describeFailure(this.s, err, 'chat');
      panel?.endReply(f.message);
      if (!f.cancelled) showFailure(f);
      return false;
    } finally {
      panel?.setBusy(false);
    }
  }

  /** A cloud export; an earlier one that has not finished is offered to resume, beside starting afresh. */
  async exportVideo(): Promise<void> {
    const choice = await resumeOrStartAfresh(this.s);
    if (choice === undefined) return;
    const job = choice.resume;
    if (job) return this.runExport({ resume: () => resumeRender(this.s, job, vscode.l10n.t('Nemo: finishing an earlier export')) });
    return this.runExport({ into: (target) => exportCurrentSession(this.s, target, undefined) });
  }

  /** "Nemo: Export Locally": the session rendered here with ffmpeg, shown like a cloud export. */
  exportLocally(): Promise<void> {
    return this.runExport({ into: (target) => exportCurrentSessionLocally(this.s, target) });
  }

  /** An export into a target chosen now, or a resumed one, which already knows where it goes. */
  private async runExport(how: ExportStart): Promise<void> {
    let started = false;
    try {
      let result: ExportResult | LocalExportResult | undefined;
      if ('resume' in how) {
        started = true;
        result = await how.resume();
      } else {
        const target = await chooseExportTarget('nemo-video.mp4');
        if (!target) return;
        started = true;
        result = await how.into(target);
      }
      if (result) void announceSaved(result);
    } catch (err) {
      const f = describeFailure(this.s, err, 'export');
      // Once started, the export's own event told the panel; before, the page must still leave
      // "Rendering" and enable Export again.
      if (!started) this.panel?.setExportProgress({ stage: f.cancelled ? 'cancelled' : 'failed', message: f.message });
      // A refused or unreachable cloud export offers the local one right in its message.
      if (!f.cancelled) showFailure(f, f.offerLocalExport ? () => this.exportLocally() : undefined);
    }
    await this.whenIdle();
  }

  /**
   * Any export, from any entry point (this panel, the commands, the chat, a resume after reload):
   * its running stages (live stage and %), then the saved file to play, or why it stopped.
   */
  private followExport(e: ExportEvent): void {
    switch (e.kind) {
      case 'progress': {
        const st = e.stage;
        const percent = st.stage === 'rendering' ? st.progress : st.stage === 'downloading' && st.total ? Math.round(((st.bytes ?? 0) / st.total) * 100) : undefined;
        this.panel?.setExportProgress(percent === undefined ? { stage: st.stage } : { stage: st.stage, percent });
        return;
      }
      case 'saved':
        this.lastExport = { sessionId: e.sessionId, file: e.file };
        this.panel?.setExportProgress({ stage: 'done', message: path.basename(e.file) });
        this.queue(() => this.refresh());
        return;
      case 'failed':
      case 'cancelled':
        // Worded without logging again: the flow that ran the export reported it.
        this.panel?.setExportProgress({ stage: e.kind, message: failureWords(this.s, e.error, 'export').message });
    }
  }

  /**
   * A turn finished (typed here, or in the chat): the panel opens beside the chat, without taking
   * the focus, once the session has its first timeline, and redraws with the edit highlighted.
   */
  private async turnFinished(outcome: Pick<TurnOutcome, 'stateBefore' | 'stateAfter' | 'changes'>): Promise<void> {
    if (!this.panel && !outcome.stateBefore.draft && outcome.stateAfter?.draft) {
      TimelinePanel.show(this.s.context, this, { ...panelOptions(this.s), preserveFocus: true });
    }
    await this.refresh(outcome.changes);
  }

  async refresh(changes?: readonly DraftChange[]): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    const sessionId = await this.s.sessions.get();
    if (!sessionId) {
      panel.setState(toTimelineViewState({ draft: undefined }));
      return;
    }
    try {
      const state = await (await this.s.clients.get()).getState(sessionId);
      const exportFile = this.lastExport?.sessionId === sessionId ? this.lastExport.file : undefined;
      // The file may be where a save dialog put it, or the setting may have changed since the panel opened.
      if (exportFile) panel.useExportFolder(vscode.Uri.file(path.dirname(exportFile)));
      panel.setState(toTimelineViewState({ sessionId, draft: state.draft, state: state.state, ...(changes ? { changes } : {}), ...(exportFile ? { exportFile } : {}) }));
    } catch (err) {
      const f = describeFailure(this.s, err, 'status');
      if (!f.cancelled) showFailure(f);
    }
  }

  async newSession(): Promise<void> {
    try {
      await (await this.s.sessionKeeper()).startNew();
      void vscode.window.showInformationMessage(vscode.l10n.t('Started a new Nemo session: the next message begins a new timeline.'));
      await this.refresh();
    } catch (err) {
      showFailure(describeFailure(this.s, err, 'session'));
    }
  }

  async showCredits(): Promise<void> {
    try {
      await showCredits(this.s);
    } catch (err) {
      const f = describeFailure(this.s, err, 'credits');
      showFailure(f);
    }
  }

  /** "Nemo: Open in Nemo Web Editor" and the panel's button: the claim link in the browser, or why not. */
  async openWebEditor(): Promise<void> {
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Opening Nemo\'s web editor…') }, () => openWebEditor(this.s));
    } catch (err) {
      const f = describeFailure(this.s, err, 'open');
      if (!f.cancelled) showFailure(f);
    }
  }

  async openExternally(file: string): Promise<void> {
    await vscode.env.openExternal(vscode.Uri.file(file));
  }

  /** Before a generation: warn (modal) when the balance is below one clip's cost. True to go on. */
  dispose(): void {
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }

  async confirmGeneration(): Promise<boolean> {
    const available = await balanceBeforeGeneration(this.s);
    if (available === undefined || available >= GENERATION_COST) return true;
    const go = vscode.l10n.t('Generate Anyway');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('You have {0} credits; a new clip costs about {1}. The generation may stop early.', available, GENERATION_COST),
      { modal: true }, go);
    return answer === go;
  }
}

/**
 * The error sentence, with "Register" when an anonymous user ran out of credits and "Set Token…"
 * when no free token can be had. Not awaited by callers' flows: a notification stays until
 * dismissed, and the command must finish before that.
 */
export function showFailure(f: Pick<Failure, 'message' | 'registerUrl' | 'offerSetToken'>, exportLocally?: () => Promise<void>): void {
  const notice = noticeText(f.message); // may quote the server (a render's failure reason)
  if (exportLocally) {
    const local = vscode.l10n.t('Export Locally');
    void vscode.window.showErrorMessage(notice, local).then((choice) => (choice === local ? exportLocally() : undefined));
    return;
  }
  const register = vscode.l10n.t('Register');
  const setToken = vscode.l10n.t('Set Token…');
  const actions = [...(f.registerUrl ? [register] : []), ...(f.offerSetToken ? [setToken] : [])];
  void vscode.window.showErrorMessage(notice, ...actions).then((choice) => {
    if (choice === register && f.registerUrl) return vscode.env.openExternal(vscode.Uri.parse(f.registerUrl));
    if (choice === setToken) return vscode.commands.executeCommand('nemo.setToken');
    return undefined;
  });
}

/** The panel may load from the folder exports go to (the one chooseExportTarget uses without asking). */
export function panelOptions(s: Pick<Services, 'log' | 'credits'>): TimelinePanelOptions {
  const dir = configuredExportFolder();
  return { log: (line) => s.log.info(line), credits: s.credits, ...(dir ? { exportFolder: vscode.Uri.file(dir) } : {}) };
}
