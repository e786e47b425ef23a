// The export tool: renders the current video and saves the MP4, then names the file the way the
// front end wants it named (absolute for MCP, workspace-relative in VS Code). The submitted job is
// recorded with the front end's other pending renders at once, so a render outlives the call (and
// the process); a recorded render of the same timeline is resumed instead of rendered again. A local
// export (where: "local") renders on this machine with ffmpeg (src/localRender): free, and the way
// out when the free plan refuses the cloud export (402).
import * as l10n from '@vscode/l10n';
import { NemoError, isAbort, isNemoError } from '../nemo/errors';
import type { ExportResult, ExportStage, PendingRender } from '../nemo/exporter';
import { locateFfmpeg } from '../localRender/ffmpegLocator';
import { exportLocally, type LocalExportResult } from '../localRender/localExport';
import type { ToolCall, ToolHost } from './toolHost';
import { insideWorkspace } from './workspacePaths';

export interface ExportInput {
  where?: 'cloud' | 'local';
  folder?: string;
}

function stageWords(s: ExportStage): { message: string; fraction?: number } {
  switch (s.stage) {
    case 'reading': return { message: l10n.t('Reading the timeline…') };
    case 'queued': return { message: l10n.t('Render queued…'), fraction: 0 };
    case 'rendering': return { message: l10n.t('Rendering {0}%', Math.round(s.progress ?? 0)), fraction: (s.progress ?? 0) / 100 * 0.9 };
    case 'downloading': return { message: l10n.t('Downloading the MP4…'), fraction: s.total ? 0.9 + 0.1 * (s.bytes ?? 0) / s.total : 0.9 };
    case 'done': return { message: l10n.t('Saved.'), fraction: 1 };
  }
}

/** A job that failed because the network did is kept for the next try; a cancelled or failed render is dropped. */
function worthResuming(e: unknown): boolean {
  return !isAbort(e) && isNemoError(e) && ['connection', 'timeout', 'server'].includes(e.kind);
}

async function targetFolder(host: ToolHost, input: ExportInput): Promise<string> {
  const dir = input.folder !== undefined ? await insideWorkspace(host.workspaceRoot, input.folder) : host.exportFolder();
  if (dir === undefined) throw new NemoError('invalid-input', l10n.t('No workspace folder is open and no export folder is set: open a folder first.'));
  if (host.mayWrite && !(await host.mayWrite(dir))) {
    throw new NemoError('invalid-input', l10n.t('The user did not allow saving the video into {0}.', host.showPath(dir)));
  }
  return dir;
}

function stageReporter(call: ToolCall): (s: ExportStage) => void {
  return (s) => {
    const w = stageWords(s);
    call.progress?.(w.message, w.fraction);
  };
}

async function cloudExport(host: ToolHost, call: ToolCall, outDir: string): Promise<ExportResult> {
  const client = await host.client();
  const keeper = await host.sessions();
  const sessionId = await keeper.current(call.signal);
  const onStage = stageReporter(call);
  const recorded = (await host.renders.list()).find((j) => j.sessionId === sessionId);
  let submitted: PendingRender | undefined = recorded;
  let saving: Promise<void> | undefined;
  try {
    const result = recorded
      ? await client.resumeExport(recorded, { outDir, onStage, signal: call.signal })
      // Never retried in a new session: a lost session's timeline is gone, the new one is empty.
      : await keeper.run((sid) => client.exportVideo(sid, {
        outDir,
        onStage,
        signal: call.signal,
        onSubmitted: (job) => {
          submitted = job;
          saving = host.renders.add(job);
        },
      }), { safeToRetry: false, signal: call.signal });
    await saving;
    await host.renders.remove(result.renderId);
    host.announce?.({ kind: 'saved', file: result.file, sessionId });
    return result;
  } catch (e) {
    await saving;
    if (submitted && !worthResuming(e)) await host.renders.remove(submitted.renderId);
    throw e;
  }
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

async function localExport(host: ToolHost, call: ToolCall, outDir: string): Promise<LocalExportResult> {
  const setup = host.localRender;
  if (!setup) throw new NemoError('invalid-input', l10n.t('Local export is not available here. Use where: "cloud".'));
  const ffmpeg = await locateFfmpeg({ setting: setup.ffmpegSetting, env: setup.env });
  if (!ffmpeg.found) throw new NemoError('invalid-input', ffmpeg.message);
  const client = await host.client();
  const keeper = await host.sessions();
  return keeper.run(async (sid) => {
    const local = await exportLocally(client.transport, sid, {
      outDir, ffmpegPath: ffmpeg.path, cacheDir: setup.cacheDir, onStage: stageReporter(call), signal: call.signal,
    });
    host.announce?.({ kind: 'saved', file: local.file, sessionId: sid });
    return local;
  }, { safeToRetry: false, signal: call.signal });
}

export async function exportVideo(host: ToolHost, call: ToolCall, input: ExportInput): Promise<string> {
  const outDir = await targetFolder(host, input);
  if (input.where === 'local') {
    const local = await localExport(host, call, outDir);
    const lines = [
      l10n.t('Saved the video to {0} ({1} MB, MP4, rendered on this machine with ffmpeg).', host.showPath(local.file), megabytes(local.bytes)),
      l10n.t('Export is free: no credits were used.'),
    ];
    if (local.missing.length > 0) lines.push(l10n.t('Drawn as placeholders because their media could not be fetched: {0}.', local.missing.map((m) => m.name).join(', ')));
    return lines.join('\n');
  }
  const saved = await cloudExport(host, call, outDir);
  return [
    l10n.t('Saved the video to {0} ({1} MB, MP4, rendered in the cloud).', host.showPath(saved.file), megabytes(saved.bytes)),
    l10n.t('Export is free: no credits were used.'),
  ].join('\n');
}
