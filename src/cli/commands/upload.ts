// `nemo upload <file|url>...`: local files go up as one streamed multipart request, URLs are
// fetched by the backend. Every local file is checked first, before any request at all (not even a
// token or a session is asked for), so a typo in the third argument costs nothing.
import * as l10n from '@vscode/l10n';
import { checkUploadFile } from '../../nemo/fileTypes';
import type { UploadedFile } from '../../nemo/uploads';
import type { CliContext } from '../context';
import { uploadProgressLine } from '../progressText';

const URL_PATTERN = /^https?:\/\//i;

export async function runUpload(ctx: CliContext, inputs: readonly string[]): Promise<void> {
  const urls = inputs.filter((i) => URL_PATTERN.test(i));
  const paths = inputs.filter((i) => !URL_PATTERN.test(i));
  for (const p of paths) await checkUploadFile(p);

  // Adding media to a new, empty timeline is still what was asked: safe after a lost session.
  const files = await ctx.sessions.run(async (sid) => {
    const done: UploadedFile[] = [];
    if (paths.length > 0) {
      done.push(...await ctx.client.upload(sid, [...paths], {
        signal: ctx.signal,
        onProgress: (sent, total, name) => ctx.out.progress(uploadProgressLine(sent, total, name), sent === total),
      }));
    }
    if (urls.length > 0) done.push(...await ctx.client.uploadUrls(sid, urls, { signal: ctx.signal }));
    return done;
  }, { safeToRetry: true, signal: ctx.signal });

  ctx.out.result({ files }, files.map((f) => l10n.t('Uploaded {0} ({1})', f.filename, f.fileType)));
}
