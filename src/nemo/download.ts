// Downloads that leave either a finished file or nothing: the bytes go through writeFileAtomically
// (atomicFile.ts), the size is checked against what the server announced and the data is fsynced
// before the rename. A failure, a short body or an abort leaves nothing: the output folder only ever
// receives finished MP4s.
//
// Output URLs usually sit on a CDN: they are fetched through Transport.fetchExternal, which never
// sends the token or the client id. Only the proxy fallback goes to the API origin, with auth.
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as l10n from '@vscode/l10n';
import { writeFileAtomically } from './atomicFile';
import { abortedError } from './auth';
import { isHttp, parseUrl } from './urls';
import { NemoError, isAbort, isNemoError } from './errors';
import type { Transport } from './transport';

export interface DownloadOptions {
  /** Bytes written so far and the total when known. */
  onProgress?: (bytes: number, total: number | undefined) => void;
  signal?: AbortSignal;
  /** A size known from elsewhere (the render poll); must match the body too. */
  expectedBytes?: number;
  /** Refuse a body that is not an MP4 (an HTML error page served with 200, say). */
  requireMp4?: boolean;
  /** Refuse a body larger than this (announced or counted); nothing is kept. */
  maxBytes?: number;
  /** Looks at the first HEAD_BYTES bytes: a sentence saying why the body is refused, or undefined. */
  checkHead?: (head: Buffer) => string | undefined;
}

export interface DownloadResult {
  path: string;
  bytes: number;
}

interface HttpSource {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
}

/** Refuses anything but http(s) before any request: `file:///etc/passwd` reads nothing. */
export function checkOutputUrl(text: string): URL {
  const url = parseUrl(text);
  if (url === undefined || !isHttp(url)) {
    const protocol = url?.protocol ?? '';
    throw new NemoError('invalid-input', l10n.t('The render service gave an output link that is not http(s) ({0}); it was not opened.', protocol || '?'),
      { details: { protocol } });
  }
  return url;
}

/** GET an output URL (no credentials) into `destPath`. */
export async function downloadFile(t: Transport, url: string, destPath: string, opts: DownloadOptions = {}): Promise<DownloadResult> {
  const checked = checkOutputUrl(url);
  const source = await t.fetchExternal(checked.href, { signal: opts.signal });
  return saveBody(source, destPath, opts, pathForErrors(checked));
}

/** GET /api/render/proxy/<id>/download on the API origin (with auth: it is the API) into `destPath`. */
export async function downloadViaProxy(t: Transport, renderId: string, destPath: string, opts: DownloadOptions = {}): Promise<DownloadResult> {
  const path = `/api/render/proxy/${encodeURIComponent(renderId)}/download`;
  const source = await t.openDownload(path, { signal: opts.signal });
  return saveBody(source, destPath, opts, path);
}

/**
 * The render's output: its URL first; if that fails (expired, 403/404, reset, short body) the proxy
 * download. A non-http(s) URL is refused outright, and an abort is never followed by the fallback.
 */
export async function downloadRenderOutput(t: Transport, job: { renderId: string; url?: string }, destPath: string, opts: DownloadOptions = {}): Promise<DownloadResult> {
  if (job.url === undefined) return downloadViaProxy(t, job.renderId, destPath, opts);
  checkOutputUrl(job.url);
  try {
    return await downloadFile(t, job.url, destPath, opts);
  } catch (first) {
    if (isAbort(first) || opts.signal?.aborted) throw first;
    try {
      return await downloadViaProxy(t, job.renderId, destPath, opts);
    } catch (second) {
      if (isAbort(second) || !isNemoError(second)) throw second;
      throw new NemoError(second.kind, l10n.t('The video could not be downloaded: {0} The fallback download failed too: {1}',
        isNemoError(first) || first instanceof Error ? first.message : String(first), second.message),
      { cause: second, status: second.status, path: second.path, requestId: second.requestId, details: { ...second.details, renderId: job.renderId } });
    }
  }
}

/** The URL without query or fragment: signed CDN links carry credentials of their own. */
function pathForErrors(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

async function saveBody(source: HttpSource, destPath: string, opts: DownloadOptions, where: string): Promise<DownloadResult> {
  if (source.status < 200 || source.status > 299) {
    discard(source.body);
    throw new NemoError(source.status >= 500 ? 'server' : 'http', l10n.t('The download answered HTTP {0}.', source.status),
      { status: source.status, path: where });
  }
  const announced = contentLength(source.headers);
  if (announced !== undefined && opts.expectedBytes !== undefined && announced !== opts.expectedBytes) {
    discard(source.body);
    throw sizeError(where, opts.expectedBytes, announced);
  }
  const total = announced ?? opts.expectedBytes;
  if (opts.maxBytes !== undefined && total !== undefined && total > opts.maxBytes) {
    discard(source.body);
    throw tooLargeError(where, opts.maxBytes);
  }
  return writeFileAtomically(destPath, async (tmp) => {
    const file = await open(tmp, 'wx', 0o644);
    // The disk starts writing the file while it still arrives (one datasync at a time, every
    // WRITEBACK_STEP_BYTES), so the final fsync flushes the last stretch, not the whole file. Its
    // failure is not ours to report here: the final fsync reports any write that did not land.
    let writeback: Promise<void> | undefined;
    const meter = new BodyMeter(total, opts.maxBytes, opts.onProgress, () => {
      writeback ??= file.datasync().catch(() => undefined).finally(() => (writeback = undefined));
    });
    let done = false;
    try {
      try {
        // One pipeline, so the socket is read while the previous megabyte is being written: the
        // write stream gathers what arrives meanwhile into one writev (a thread-pool round trip per
        // megabyte, not per 64 KiB socket read). The stream owns the handle from here: `flush`
        // fsyncs it before closing, and the pipeline settles only once that is done, so the data
        // is durable before the rename.
        const sink = createWriteStream(tmp, { fd: file, flush: true, highWaterMark: WRITE_BUFFER_BYTES });
        await pipeline(source.body, meter, sink, { signal: opts.signal });
      } catch (cause) {
        if (isNemoError(cause)) throw cause;
        if (meter.overLimit) throw tooLargeError(where, opts.maxBytes ?? 0);
        if (opts.signal?.aborted) throw abortedError(cause);
        throw new NemoError('connection', l10n.t('The download broke off after {0} bytes.', meter.bytes), { cause, path: where, details: { bytes: meter.bytes } });
      }
      const { bytes, head } = meter;
      // An abort that came with the last chunk still wins: the caller no longer wants this file.
      if (opts.signal?.aborted) throw abortedError();
      if (total !== undefined && bytes !== total) throw sizeError(where, total, bytes);
      if (bytes === 0) throw new NemoError('protocol', l10n.t('The download was empty.'), { path: where });
      if (opts.requireMp4 && head.subarray(4, 8).toString('latin1') !== 'ftyp') {
        throw new NemoError('protocol', l10n.t('The download is not an MP4 video.'), { path: where });
      }
      const refused = opts.checkHead?.(head);
      if (refused !== undefined) throw new NemoError('protocol', refused, { path: where });
      done = true;
      return { path: destPath, bytes };
    } finally {
      if (!done) {
        discard(source.body);
        // Usually closed already by the destroyed write stream; closing twice is harmless.
        await file.close().catch(() => undefined);
      }
    }
  }, { synced: true });
}

/** How many leading bytes `checkHead` sees: enough for every media signature we test. */
export const HEAD_BYTES = 16;
/** How much the file writer gathers before it stops reading the socket. */
const WRITE_BUFFER_BYTES = 1024 * 1024;
/** Progress is reported at most once per this many bytes (and always at the end). */
const PROGRESS_STEP_BYTES = 1024 * 1024;
/** How often the disk is asked to start writing what has arrived. */
const WRITEBACK_STEP_BYTES = 32 * 1024 * 1024;

/**
 * Counts the bytes on their way to the file, keeps the first HEAD_BYTES (format checks), stops past maxBytes, reports progress
 * once per PROGRESS_STEP_BYTES rather than per socket read (thousands of calls for a large file
 * otherwise) and calls `onWritebackStep` once per WRITEBACK_STEP_BYTES. Chunks pass through untouched.
 */
class BodyMeter extends Transform {
  bytes = 0;
  head = Buffer.alloc(0);
  overLimit = false;
  private reported = 0;
  private writebackAt = WRITEBACK_STEP_BYTES;

  constructor(
    private readonly total: number | undefined,
    private readonly maxBytes: number | undefined,
    private readonly onProgress: ((bytes: number, total: number | undefined) => void) | undefined,
    private readonly onWritebackStep: () => void,
  ) {
    // Above the 64 KiB socket reads (the default 16 KiB would push back on every chunk).
    super({ highWaterMark: WRITE_BUFFER_BYTES });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.head.length < HEAD_BYTES) this.head = Buffer.concat([this.head, chunk.subarray(0, HEAD_BYTES - this.head.length)]);
    this.bytes += chunk.length;
    if (this.maxBytes !== undefined && this.bytes > this.maxBytes) {
      this.overLimit = true;
      callback(new Error('over the size limit'));
      return;
    }
    if (this.bytes >= this.writebackAt) {
      this.writebackAt = this.bytes + WRITEBACK_STEP_BYTES;
      this.onWritebackStep();
    }
    callback(this.bytes - this.reported >= PROGRESS_STEP_BYTES ? this.report() : null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    callback(this.bytes !== this.reported ? this.report() : null);
  }

  /** A callback that throws fails the download (through the pipeline) instead of escaping it. */
  private report(): Error | null {
    this.reported = this.bytes;
    try {
      this.onProgress?.(this.bytes, this.total);
      return null;
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  }
}

/** Drops a body we will not read; its destroy error (undici's "Request aborted") is expected. */
function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

function contentLength(headers: Record<string, string | string[] | undefined>): number | undefined {
  const raw = headers['content-length'];
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  return Number(text);
}

function tooLargeError(where: string, maxBytes: number): NemoError {
  return new NemoError('invalid-input', l10n.t('The download is larger than the {0} MB limit; it was not kept.', Math.round(maxBytes / 1e6)),
    { path: where, details: { maxBytes } });
}

function sizeError(where: string, expected: number, got: number): NemoError {
  return new NemoError('protocol', l10n.t('The download was incomplete: {0} of {1} bytes.', got, expected),
    { path: where, details: { expected, got } });
}
