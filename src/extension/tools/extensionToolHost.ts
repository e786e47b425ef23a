// The tools' host in the editor: the window's own client, workspace session and pending-render
// records (so the tools, the chat, the commands and the panel work on one timeline and one render
// list), the export folder setting, workspace trust, and paths told workspace-relative.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { OpenQuestions, ToolHost } from '../../tools';
import type { Services } from '../core/services';
import { mayUpload, mayWriteInto } from '../core/trust';
import { readSettings } from '../core/settings';
import { configuredExportFolder } from '../export/exportFlow';
import { loadTools } from './lazyTools';

export function extensionToolHost(s: Services, questions: OpenQuestions): ToolHost {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return {
    client: () => s.clients.get(),
    sessions: () => s.sessionKeeper(),
    renders: {
      list: async () => s.renders.list(),
      add: (job) => s.renders.add(job),
      remove: (renderId) => s.renders.remove(renderId),
    },
    questions,
    workspaceRoot: root,
    exportFolder: configuredExportFolder,
    webBase: () => readSettings().webBaseUrl,
    // ffmpeg from NEMO_FFMPEG or PATH (the nemo.ffmpegPath setting is local export's to add).
    localRender: { env: process.env, cacheDir: path.join(s.context.globalStorageUri.fsPath, 'media-cache') },
    showPath: (file) => loadTools().workspaceRelative(root, file),
    tokenSource: () => s.clients.source(),
    mayWrite: mayWriteInto,
    mayUpload,
    // The panel and the walkthrough follow the tools as they follow the chat and the commands.
    announce: (news) => (news.kind === 'saved' ? s.events.fireExport(news) : s.events.fireChangedByTool()),
    log: (line) => s.log.info(line),
  };
}
