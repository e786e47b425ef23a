// Uploads: local files as one streamed multipart request, or URLs the backend fetches itself.
// Every file is checked before the first byte goes out, so one bad file in a batch costs nothing.
import * as l10n from '@vscode/l10n';
import { isHttp, parseUrl } from './urls';
import { NemoError } from './errors';
import { checkUploadFile } from './fileTypes';
import { multipartFiles } from './multipart';
import type { Transport } from './transport';

export interface UploadedFile {
  filename: string;
  fileType: string;
  cdnUrl: string;
  duration?: number;
  width?: number;
  height?: number;
  fps?: number;
  hash?: string;
}

export interface UploadOptions {
  /** Bytes of file content sent so far, over all files, and the file being sent. */
  onProgress?: (sentBytes: number, totalBytes: number, fileName: string) => void;
  signal?: AbortSignal;
}

const uploadPath = (sessionId: string) => `/api/upload-video/nemo_agent/me/${encodeURIComponent(sessionId)}`;

export async function uploadFiles(t: Transport, sessionId: string, paths: readonly string[], opts: UploadOptions = {}): Promise<UploadedFile[]> {
  if (paths.length === 0) throw new NemoError('invalid-input', l10n.t('No file to upload.'));
  const files = [];
  for (const p of paths) files.push(await checkUploadFile(p));
  const body = multipartFiles('files', files);
  const totalBytes = files.reduce((n, f) => n + f.size, 0);

  const res = await t.sendBody(uploadPath(sessionId), {
    makeBody: () => {
      // A resend (the server refused the first one unread) starts the count again.
      let sent = 0;
      return body.open((n, file) => {
        sent += n;
        opts.onProgress?.(sent, totalBytes, file.name);
      });
    },
    contentLength: body.contentLength,
    contentType: body.contentType,
    signal: opts.signal,
  });
  return parseUploadAnswer(res.data);
}

/** Asks the backend to fetch media from http(s) URLs. */
export async function uploadUrls(t: Transport, sessionId: string, urls: readonly string[], opts: { signal?: AbortSignal } = {}): Promise<UploadedFile[]> {
  if (urls.length === 0) throw new NemoError('invalid-input', l10n.t('No URL to upload.'));
  for (const u of urls) checkHttpUrl(u);
  const res = await t.call<unknown>('POST', uploadPath(sessionId), { body: { urls, source_type: 'url' }, signal: opts.signal });
  return parseUploadAnswer(res.data);
}

function checkHttpUrl(text: string): void {
  const url = parseUrl(text);
  if (url === undefined || !isHttp(url)) {
    throw new NemoError('invalid-input', l10n.t('Only http and https links can be uploaded: {0}', text.slice(0, 200)), { details: { url: text.slice(0, 200) } });
  }
}

/** Validates `data.files` of the upload answer; unknown fields are ignored, wrong types dropped. */
export function parseUploadAnswer(data: unknown): UploadedFile[] {
  const files = (data as { files?: unknown } | null | undefined)?.files;
  if (!Array.isArray(files)) throw protocolError();
  return files.map((f: unknown) => {
    const o = (typeof f === 'object' && f !== null ? f : {}) as Record<string, unknown>;
    const filename = str(o.filename);
    const cdnUrl = str(o.cdn_url) ?? str(o.cdnUrl);
    if (filename === undefined || cdnUrl === undefined) throw protocolError();
    const out: UploadedFile = { filename, fileType: str(o.file_type) ?? str(o.fileType) ?? '', cdnUrl };
    for (const key of ['duration', 'width', 'height', 'fps'] as const) {
      const n = o[key];
      if (typeof n === 'number' && Number.isFinite(n)) out[key] = n;
    }
    const hash = str(o.hash);
    if (hash !== undefined) out.hash = hash;
    return out;
  });
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function protocolError(): NemoError {
  return new NemoError('protocol', l10n.t('The upload answer could not be read.'));
}
