// Export with a progress notification, the pending-render record that survives a reload, the
// folder choice (workspace `videos/`, or ask), and the "saved" message with its actions. Every
// export's progress and end is announced on the window's events (the timeline panel follows them).
import { rename } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LocalExportResult } from '../../localRender';
import type { ExportResult, ExportStage, PendingRender } from '../../nemo/exporter';
import { NemoError, isAbort, isResumable } from '../../nemo/errors';
import { loadLocalRender } from './lazyLocalRender';
import { claimRender } from './renderLock';
import type { Services } from '../core/services';
import { readSettings } from '../core/settings';
import { mayWriteInto } from '../core/trust';

export interface ExportTarget {
  outDir: string;
  /** Set when the person chose the exact file in a save dialog. */
  exactFile?: string;
}

/** What an export uses of the window. */
export type ExportDeps = Pick<Services, 'clients' | 'sessionKeeper' | 'renders' | 'runningExports' | 'events'>;

function elapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** The words of one stage, as the notification shows them. */
export function describeStage(s: ExportStage): string {
  const time = elapsed(s.elapsedMs);
  switch (s.stage) {
    case 'reading': return vscode.l10n.t('Reading the timeline… ({0})', time);
    case 'queued': return vscode.l10n.t('Queued… ({0})', time);
    case 'rendering':
      if (s.reconnecting) return vscode.l10n.t('Connection lost, still checking the render… ({0})', time);
      return s.progress === undefined ? vscode.l10n.t('Rendering… ({0})', time) : vscode.l10n.t('Rendering {0}% ({1})', Math.round(s.progress), time);
    case 'downloading': return s.total ? vscode.l10n.t('Downloading {0} of {1} MB ({2})', megabytes(s.bytes ?? 0), megabytes(s.total), time) : vscode.l10n.t('Downloading… ({0})', time);
    case 'done': return vscode.l10n.t('Saved ({0})', time);
  }
}

/** `<workspace>/<nemo.exportFolder>`, or the absolute folder set; undefined with a relative setting and no folder open. */
export function configuredExportFolder(): string | undefined {
  const setting = readSettings().exportFolder;
  if (path.isAbsolute(setting)) return setting;
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? path.join(folder.uri.fsPath, setting) : undefined;
}

/** The configured export folder (see configuredExportFolder); without one, or refused there, ask. */
export async function chooseExportTarget(suggestedName: string): Promise<ExportTarget | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const outDir = configuredExportFolder();
  if (outDir && (await mayWriteInto(outDir))) return { outDir };
  const picked = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Save the exported video'),
    filters: { MP4: ['mp4'] },
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder.uri, suggestedName) } : {}),
  });
  if (!picked) return undefined;
  return { outDir: path.dirname(picked.fsPath), exactFile: picked.fsPath };
}

/** Runs one export (cloud, resumed or local) under a cancellable progress notification. */
async function withExportProgress<T>(
  s: Pick<ExportDeps, 'runningExports' | 'events'>,
  title: string,
  onStage: ((st: ExportStage) => void) | undefined,
  run: (onStage: (st: ExportStage) => void, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    s.runningExports.add(controller);
    const cancel = token.onCancellationRequested(() => controller.abort());
    let last: ExportStage | undefined;
    let lastAt = Date.now();
    // The elapsed time keeps moving between polls.
    const ticker = setInterval(() => last && progress.report({ message: describeStage({ ...last, elapsedMs: last.elapsedMs + Date.now() - lastAt }) }), 1000);
    try {
      return await run((st) => {
        last = st;
        lastAt = Date.now();
        progress.report({ message: describeStage(st) });
        onStage?.(st);
        if (st.stage !== 'done') s.events.fireExport({ kind: 'progress', stage: st }); // the end is `saved`, with its file
      }, controller.signal);
    } finally {
      clearInterval(ticker);
      cancel.dispose();
      s.runningExports.delete(controller);
    }
  });
}

function announceEnd(s: Pick<ExportDeps, 'events'>, e: unknown): void {
  s.events.fireExport({ kind: isAbort(e) ? 'cancelled' : 'failed', error: e });
}

/**
 * Exports the current session into `target`. The job is stored as soon as it exists. `onStage`
 * is the caller's own view of the progress (the chat's); everyone else follows `events.onDidExport`.
 */
export async function exportCurrentSession(s: ExportDeps, target: ExportTarget, baseName: string | undefined, onStage?: (st: ExportStage) => void): Promise<ExportResult> {
  try {
    const [sessionId, result] = await renderAndSave(s, target, baseName, onStage);
    s.events.fireExport({ kind: 'saved', file: result.file, sessionId });
    return result;
  } catch (e) {
    announceEnd(s, e);
    throw e;
  }
}

async function renderAndSave(s: ExportDeps, target: ExportTarget, baseName: string | undefined, onStage?: (st: ExportStage) => void): Promise<[string, ExportResult]> {
  const client = await s.clients.get();
  const sessionId = await (await s.sessionKeeper()).current();
  let submitted: string | undefined;
  let result: ExportResult;
  try {
    result = await withExportProgress(s, vscode.l10n.t('Nemo: exporting video'), onStage, (onStage, signal) =>
      client.exportVideo(sessionId, {
        outDir: target.outDir,
        ...(baseName ? { baseName } : {}),
        onStage,
        signal,
        onSubmitted: (job: PendingRender) => {
          submitted = job.renderId;
          void s.renders.add(job);
        },
      }));
  } catch (e) {
    if (submitted && !isResumable(e)) await s.renders.remove(submitted);
    throw e;
  }
  await s.renders.remove(result.renderId);
  return [sessionId, target.exactFile ? await moveTo(result, target.exactFile) : result];
}

/**
 * Renders the current session on this machine with ffmpeg (dist/localRender.js, loaded now), with the
 * same notification, events and panel stages as a cloud export. Media is cached in global storage.
 */
export async function exportCurrentSessionLocally(s: ExportDeps & Pick<Services, 'context' | 'log'>, target: ExportTarget, onStage?: (st: ExportStage) => void): Promise<LocalExportResult> {
  try {
    const settings = readSettings();
    const local = loadLocalRender();
    const ffmpeg = await local.locateFfmpeg({ setting: settings.ffmpegPath, env: process.env });
    if (!ffmpeg.found) throw new NemoError('invalid-input', ffmpeg.message);
    const client = await s.clients.get();
    const sessionId = await (await s.sessionKeeper()).current();
    const rendered = await withExportProgress(s, vscode.l10n.t('Nemo: exporting video on this machine'), onStage, (onStage, signal) =>
      local.exportLocally(client.transport, sessionId, {
        outDir: target.outDir,
        ffmpegPath: ffmpeg.path,
        cacheDir: vscode.Uri.joinPath(s.context.globalStorageUri, 'media-cache').fsPath,
        scale: settings.localExportScale,
        onStage,
        signal,
      }));
    if (rendered.missing.length > 0) s.log.info(`Local export: media not found for ${rendered.missing.map((m) => m.name).join(', ')}`);
    const result = target.exactFile ? await moveTo(rendered, target.exactFile) : rendered;
    s.events.fireExport({ kind: 'saved', file: result.file, sessionId });
    return result;
  } catch (e) {
    announceEnd(s, e);
    throw e;
  }
}

async function moveTo<T extends { file: string }>(result: T, file: string): Promise<T> {
  if (path.resolve(file) === path.resolve(result.file)) return result;
  await rename(result.file, file); // same folder: atomic, replaces what the person chose to overwrite
  return { ...result, file };
}

/**
 * Resumes the renders stored in workspace state (after a reload). One job's failure does not stop
 * the others. Returns the files saved.
 */
export async function resumePendingRenders(
  s: ResumeDeps,
  notify: (saved: ExportResult) => void,
  onFailure: (err: unknown) => void,
): Promise<ExportResult[]> {
  const saved: ExportResult[] = [];
  for (const job of s.renders.list()) {
    try {
      const result = await resumeRender(s, job, vscode.l10n.t('Nemo: finishing the export started before the reload'));
      if (!result) continue;
      saved.push(result);
      notify(result);
    } catch (e) {
      onFailure(e);
    }
  }
  return saved;
}

type ResumeDeps = Pick<Services, 'clients' | 'renders' | 'runningExports' | 'events' | 'log' | 'lockDir'>;

/**
 * Finishes one recorded job where it was going. It is claimed first so a second window on the same
 * workspace never downloads it too (undefined: another window has it). A job that can never finish
 * is forgotten once reported; one the network or the disk stopped stays recorded.
 */
export async function resumeRender(s: ResumeDeps, job: PendingRender, title: string): Promise<ExportResult | undefined> {
  const lock = await claimRender(s.lockDir(), job.renderId);
  if (!lock) {
    s.log.info(`Render ${job.renderId} is handled by another window (or was already saved).`);
    return undefined;
  }
  try {
    s.log.info(`Resuming render ${job.renderId} submitted ${job.submittedAt}.`);
    const client = await s.clients.get();
    const result = await withExportProgress(s, title, undefined, (onStage, signal) => client.resumeExport(job, { onStage, signal }));
    await lock.markDone();
    await s.renders.remove(job.renderId);
    s.events.fireExport({ kind: 'saved', file: result.file, sessionId: job.sessionId });
    return result;
  } catch (e) {
    if (!isResumable(e)) await s.renders.remove(job.renderId);
    announceEnd(s, e);
    throw e;
  } finally {
    await lock.release();
  }
}

/**
 * Before a new cloud export: an earlier one recorded for this workspace and not finished (cut by a
 * reload, or stuck failing to download) is offered to resume, beside starting afresh (as `nemo
 * export --new`, which forgets the recorded jobs). `{}`: nothing recorded, or start afresh;
 * undefined: the person dismissed the question.
 */
export async function resumeOrStartAfresh(s: Pick<Services, 'renders'>): Promise<{ resume?: PendingRender } | undefined> {
  const jobs = s.renders.list();
  const job = jobs.at(-1);
  if (!job) return {};
  const resume = vscode.l10n.t('Resume It');
  const afresh = vscode.l10n.t('Start a New Export');
  const when = Number.isNaN(Date.parse(job.submittedAt)) ? job.submittedAt : new Date(job.submittedAt).toLocaleString();
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('An export started {0} has not finished ({1}). Resume it, or start a new export of the timeline as it is now?', when, job.fileName),
    resume, afresh);
  if (answer === resume) return { resume: job };
  if (answer !== afresh) return undefined;
  for (const j of jobs) await s.renders.remove(j.renderId);
  return {};
}

/** "Saved …" with Open / Reveal in Explorer / Copy Path. Not awaited by the export itself. */
export async function announceSaved(result: ExportResult | LocalExportResult, resumed = false): Promise<void> {
  const open = vscode.l10n.t('Open');
  const reveal = vscode.l10n.t('Reveal in Explorer');
  const copy = vscode.l10n.t('Copy Path');
  const name = path.basename(result.file);
  const message = resumed
    ? vscode.l10n.t('The video exported before the reload is ready: {0}', name)
    : vscode.l10n.t('Video saved: {0}', name) + missingNote('missing' in result ? result.missing : undefined);
  const choice = await vscode.window.showInformationMessage(message, open, reveal, copy);
  const uri = vscode.Uri.file(result.file);
  if (choice === open) await vscode.commands.executeCommand('vscode.open', uri);
  else if (choice === reveal) await vscode.commands.executeCommand('revealInExplorer', uri);
  else if (choice === copy) await vscode.env.clipboard.writeText(result.file);
}

/** "Nemo: Cancel Export": aborts every export running in this window. */
export function cancelExports(s: Pick<ExportDeps, 'runningExports'>): void {
  if (s.runningExports.size === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No export is running.'));
    return;
  }
  for (const c of s.runningExports) c.abort(); // the client cancels the render job on abort
}

/** A local export's segments whose media was not found, said after "Video saved". */
function missingNote(missing: LocalExportResult['missing'] | undefined): string {
  if (!missing || missing.length === 0) return '';
  return ' ' + vscode.l10n.t('Media not found, drawn as a labelled placeholder or left silent: {0}', missing.map((m) => m.name).join(', '));
}
