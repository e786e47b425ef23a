// Upload of local files: checked before any byte is sent (type, size), trust asked in a restricted
// workspace, byte progress in a cancellable notification; `events.onDidUpload` once they are in.
import * as vscode from 'vscode';
import type { UploadedFile } from '../../nemo/uploads';
import { checkUploadFile } from '../../nemo/fileTypes';
import type { Services } from '../core/services';
import { mayUpload } from '../core/trust';

export type UploadDeps = Pick<Services, 'clients' | 'sessionKeeper' | 'events'>;

/** Uploads into the current session. Undefined when the person declined (restricted workspace). */
export async function uploadPaths(
  s: UploadDeps,
  paths: readonly string[],
  signal: AbortSignal,
  onProgress?: (sent: number, total: number) => void,
): Promise<UploadedFile[] | undefined> {
  for (const p of paths) await checkUploadFile(p); // refuses unsupported/oversize files with the formats listed
  if (!(await mayUpload(paths))) return undefined;
  const client = await s.clients.get();
  const keeper = await s.sessionKeeper();
  const uploaded = await keeper.run((sessionId) => client.upload(sessionId, paths, { signal, onProgress: (sent, total) => onProgress?.(sent, total) }), { safeToRetry: true, signal });
  s.events.fireUploaded();
  return uploaded;
}

/** "Upload to Nemo" from the Explorer (one or many files) or an editor title. */
export async function uploadWithNotification(s: UploadDeps, paths: readonly string[]): Promise<UploadedFile[] | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Nemo: uploading'), cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    let reported = 0;
    try {
      return await uploadPaths(s, paths, controller.signal, (sent, total) => {
        const pct = total ? Math.floor((sent / total) * 100) : 0;
        progress.report({ increment: pct - reported, message: vscode.l10n.t('{0} of {1} MB', (sent / 1048576).toFixed(1), (total / 1048576).toFixed(1)) });
        reported = pct;
      });
    } finally {
      cancel.dispose();
    }
  });
}
