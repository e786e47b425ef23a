// "Nemo: Check Connection": the checks and words of `nemo doctor` (src/chat/doctor.ts) for this
// window's settings, before any credit is spent: the report in a dialog and in the Nemo log, with a
// button for the first thing to fix.
import * as vscode from 'vscode';
import { doctorLines, runDoctor, type DoctorReport } from '../../chat/doctor';
import { chooseProxy, proxyFor } from '../../nemo/proxy';
import type { Services } from '../core/services';
import { DEFAULT_API_BASE } from '../core/settings';
import { loadLocalRender } from '../export/lazyLocalRender';

export async function checkConnection(s: Pick<Services, 'clients' | 'log'>, env: NodeJS.ProcessEnv = process.env): Promise<DoctorReport | undefined> {
  let baseUrl: string;
  try {
    baseUrl = s.clients.baseUrl();
  } catch (e) {
    // An unusable nemo.apiBaseUrl: its reason says what to change.
    void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
    return undefined;
  }
  const client = await s.clients.get();
  const httpProxy = vscode.workspace.getConfiguration('http').get<string>('proxy')?.trim();
  const proxyUrl = proxyFor(chooseProxy(httpProxy, env), baseUrl);
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Nemo: checking the connection…'), cancellable: true },
    (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return runDoctor({
        surface: 'editor',
        apiBase: { url: baseUrl, source: baseUrl === DEFAULT_API_BASE ? 'default' : 'setting' },
        ...(proxyUrl ? { proxy: { url: proxyUrl, source: httpProxy ? 'setting' as const : 'env' as const } } : {}),
        token: s.clients.source(),
        service: client,
        ffmpeg: () => loadLocalRender().locateFfmpeg({ setting: vscode.workspace.getConfiguration('nemo').get<string>('ffmpegPath'), env }),
        signal: abort.signal,
      });
    },
  );
  const lines = doctorLines(report);
  for (const line of lines) s.log.info(line);
  const setToken = vscode.l10n.t('Set Token…');
  const settings = vscode.l10n.t('Open Settings');
  const first = report.checks.find((c) => c.state === 'problem');
  const actions = first?.id === 'token' ? [setToken] : first?.id === 'ffmpeg' || first?.id === 'service' ? [settings] : [];
  const summary = lines[lines.length - 1];
  const detail = lines.slice(0, -1).join('\n');
  const picked = report.problems === 0
    ? await vscode.window.showInformationMessage(summary, { modal: true, detail })
    : await vscode.window.showWarningMessage(summary, { modal: true, detail }, ...actions);
  if (picked === setToken) await vscode.commands.executeCommand('nemo.setToken');
  if (picked === settings) await vscode.commands.executeCommand('workbench.action.openSettings', first?.id === 'ffmpeg' ? 'nemo.ffmpegPath' : 'nemo.apiBaseUrl');
  return report;
}
