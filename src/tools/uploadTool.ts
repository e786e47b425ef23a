// The upload tool: workspace files only. Every path is checked (inside the workspace, symbolic links
// followed; an accepted format; not empty, not too large) before any request, so one bad path in a
// list costs nothing and says which one it is.
import * as l10n from '@vscode/l10n';
import { checkUploadFile } from '../nemo/fileTypes';
import { NemoError } from '../nemo/errors';
import type { ToolCall, ToolHost } from './toolHost';
import { insideWorkspace } from './workspacePaths';

export async function uploadMedia(host: ToolHost, call: ToolCall, input: { paths: string[] }): Promise<string> {
  const files: string[] = [];
  for (const given of input.paths) {
    const file = await insideWorkspace(host.workspaceRoot, given);
    await checkUploadFile(file);
    if (!files.includes(file)) files.push(file);
  }
  if (host.mayUpload && !(await host.mayUpload(files))) {
    throw new NemoError('invalid-input', l10n.t('The user did not allow sending these workspace files to Nemo.'));
  }
  const client = await host.client();
  const keeper = await host.sessions();
  // Adding media to a new, empty timeline is still what was asked: safe after a lost session.
  const uploaded = await keeper.run((sid) => client.upload(sid, files, {
    signal: call.signal,
    onProgress: (sent, total, name) => call.progress?.(l10n.t('Uploading {0}…', name), total > 0 ? sent / total : undefined),
  }), { safeToRetry: true, signal: call.signal });
  host.announce?.({ kind: 'timeline' });
  return [
    l10n.t('Uploaded {0} file(s) to the current Nemo project:', uploaded.length),
    ...uploaded.map((f) => `- ${f.filename} (${f.fileType})`),
    l10n.t('Mention them by name in nemo_edit_video (or nemo_generate_video) to use them.'),
  ].join('\n');
}
