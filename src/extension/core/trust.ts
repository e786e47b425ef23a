// Workspace trust: in a restricted workspace Nemo does not send workspace files away or write into
// the workspace without asking first.
import * as vscode from 'vscode';

function insideWorkspace(fsPath: string): boolean {
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(fsPath)) !== undefined;
}

/** True when the upload may go ahead: trusted workspace, files outside it, or the person agreed. */
export async function mayUpload(paths: readonly string[]): Promise<boolean> {
  if (vscode.workspace.isTrusted || !paths.some(insideWorkspace)) return true;
  const upload = vscode.l10n.t('Upload');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('This workspace is in Restricted Mode. Upload {0} file(s) from it to Nemo anyway?', paths.length),
    { modal: true, detail: vscode.l10n.t('The files will be sent to the Nemo service. Trust the workspace to stop being asked.') },
    upload,
  );
  return answer === upload;
}

/** True when a file may be written into `dir`: trusted workspace, a folder outside it, or the person agreed. */
export async function mayWriteInto(dir: string): Promise<boolean> {
  if (vscode.workspace.isTrusted || !insideWorkspace(dir)) return true;
  const save = vscode.l10n.t('Save Here');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('This workspace is in Restricted Mode. Save the exported video into {0}?', dir),
    { modal: true },
    save,
  );
  return answer === save;
}
