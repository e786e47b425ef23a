// Downloads that leave either a finished file or nothing: the bytes go through writeFileAtomically
// (atomicFile.ts), the size is checked against what the server announced and the data is fsynced
// before the rename. A failure, a short body or an abort leaves nothing: the output folder only ever
// receives finished MP4s.
//
// Output URLs usually sit on a CDN: they are fetched through Transport.streamExternal, which never
// sends the token or the client id. Only the proxy fallback goes to the API origin, with auth.
import { open, type FileHandle } from 'node:fs/promises';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as l10n from '@vscode/l10n';
import { writeFileAtomically, writeNewFile } from './atomicFile';
import { mp4Incomplete } from './mp4Boxes';
import { readBoundedText } from './boundedBody';
import { abortedError } from './auth';
import { isHttp, parseUrl } from './urls';
import { NemoError, isAbort, isNemoError, localFileError } from './errors';
import type { ExternalHead, Transport } from './transport';

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
  /** How the temp file is opened for writing (node's `open`, `wx`): the seam a full disk is tested through. */
  openFile?: (path: string) => Promise<FileHandle>;
  /** A video the person keeps: never replace a file, land under the first free `-2`, `-3`… twin instead. */
  newFile?: boolean;
}

export interface DownloadResult {
  path: string;
  bytes: number;
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

/**
 * GET an output URL (no credentials) into `destPath`. undici hands each socket read straight to the
 * file writer (Transport.streamExternal): no readable stream, no pipeline between the socket and the
 * file, which is what the CDN leg spends its time on for a large render.
 */
export async function downloadFile(t: Transport, url: string, destPath: string, opts: DownloadOptions = {}): Promise<DownloadResult> {
  const checked = checkOutputUrl(url);
  return intoFile(destPath, opts, pathForErrors(checked), (sinkFor) => t.streamExternal(checked.href, sinkFor, { signal: opts.signal }));
}

/** A JSON answer to the fallback download is a few hundred bytes; more is not a link. */
const MAX_LINK_ANSWER_BYTES = 64 * 1024;

/**
 * GET /api/render/proxy/<id>/download on the API origin (with auth: it is the API) into `destPath`.
 * It may answer the MP4 bytes, or JSON naming where the file is (`output.url` / `outputUrl`, and
 * `size`): that URL is then fetched like any output URL, without our credentials.
 */
export async function downloadViaProxy(t: Transport, renderId: string, destPath: string, opts: DownloadOptions = {}): Promise<DownloadResult> {
  const path = `/api/render/proxy/${encodeURIComponent(renderId)}/download`;
  const source = await t.openDownload(path, { signal: opts.signal });
  const type = String(source.headers['content-type'] ?? '').toLowerCase();
  if (!type.includes('json')) {
    return intoFile(destPath, opts, path, async (sinkFor) => {
      let sink: Writable;
      try {
        sink = sinkFor(source);
      } catch (e) {
        discard(source.body);
        throw e;
      }
      await pipeline(source.body, sink, { signal: opts.signal });
    });
  }
  const link = outputLink(await readSmall(source.body, path), path);
  return downloadFile(t, link.url, destPath, { ...opts, ...(opts.expectedBytes === undefined && link.size !== undefined ? { expectedBytes: link.size } : {}) });
}

function readSmall(body: Readable, where: string): Promise<string> {
  return readBoundedText(body, MAX_LINK_ANSWER_BYTES, () => new NemoError('protocol', l10n.t('The fallback download answered JSON too large to be a link.'), { path: where }));
}

/** The output URL (and size) in a JSON download answer, under `data` or at the top level. */
function outputLink(text: string, where: string): { url: string; size?: number } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const record = (v: unknown) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  for (const layer of [record(record(json)?.data), record(json)]) {
    const output = record(layer?.output);
    const url = [output?.url, layer?.outputUrl, layer?.output_url, layer?.url].find((u): u is string => typeof u === 'string' && u !== '');
    if (url === undefined) continue;
    const size = Number(output?.size ?? layer?.size);
    return { url, ...(Number.isFinite(size) && size > 0 ? { size } : {}) };
  }
  throw new NemoError('protocol', l10n.t('The fallback download answered without the video or a link to it.'), { path: where });
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
    // This machine's disk failed, not the link: the fallback would fail the same way.
    if (isAbort(first) || opts.signal?.aborted || localFileError(first) !== undefined) throw first;
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

/** Moves a body into a writer; given the writer for the response's head, it settles when the data is on disk. */
type Transfer = (sinkFor: (head: ExternalHead) => Writable) => Promise<void>;

/** Runs `transfer` into a file that appears as `destPath` only once it is complete and checked. */
async function intoFile(destPath: string, opts: DownloadOptions, where: string, transfer: Transfer): Promise<DownloadResult> {
  const fill = async (tmp: string): Promise<number> => {
    const file = await (opts.openFile ?? ((p: string) => open(p, 'wx', 0o644)))(tmp);
    try {
      let sink: FileSink | undefined;
      try {
        await transfer((head) => (sink = new FileSink(file, checkResponse(head, opts, where), opts)));
      } catch (cause) {
        if (isNemoError(cause)) throw cause;
        if (sink?.overLimit) throw tooLargeError(where, opts.maxBytes ?? 0);
        if (opts.signal?.aborted) throw abortedError(cause);
        const local = localFileError(cause, { file: destPath, access: 'write' });
        if (local) throw local;
        const bytes = sink?.received ?? 0;
        const total = sink?.total;
        const reason = total === undefined ? l10n.t('the download broke off after {0} bytes', bytes) : l10n.t('the download broke off after {0} of {1} bytes', bytes, total);
        throw new NemoError('connection', l10n.t('The download broke off after {0} bytes.', bytes), { cause, path: where, details: { bytes, reason } });
      }
      // An abort that came with the last chunk still wins: the caller no longer wants this file.
      if (opts.signal?.aborted) throw abortedError();
      const { bytes, head, total } = sink ?? { bytes: 0, head: Buffer.alloc(0), total: undefined };
      if (total !== undefined && bytes !== total) throw sizeError(where, total, bytes);
      if (bytes === 0) throw new NemoError('protocol', l10n.t('The download was empty.'), { path: where, details: { reason: l10n.t('the download was empty') } });
      if (opts.requireMp4 && head.subarray(4, 8).toString('latin1') !== 'ftyp') {
        // An HTML page served with 200 (a CDN's error or login page) is the usual culprit: say so.
        const html = /^\s*</.test(head.toString('latin1'));
        const reason = html ? l10n.t('the server sent a web page instead of the video') : l10n.t('the file is not an MP4 video');
        throw new NemoError('protocol', l10n.t('The download is not an MP4 video.'), { path: where, details: { reason } });
      }
      // The byte count can match a Content-Length that was itself short: the container tells.
      const cut = opts.requireMp4 ? await mp4Incomplete(tmp, bytes) : undefined;
      if (cut !== undefined) {
        throw new NemoError('protocol', l10n.t('The downloaded video is incomplete ({0}); it was not saved.', cut),
          { path: where, details: { bytes, reason: l10n.t('the video arrived incomplete ({0})', cut) } });
      }
      const refused = opts.checkHead?.(head);
      if (refused !== undefined) throw new NemoError('protocol', refused, { path: where, details: { reason: refused } });
      return bytes;
    } finally {
      await file.close().catch(() => undefined);
    }
  };
  if (!opts.newFile) return { path: destPath, bytes: await writeFileAtomically(destPath, fill, { synced: true }) };
  const saved = await writeNewFile(destPath, fill, { synced: true });
  return { path: saved.path, bytes: saved.value };
}

/** Refuses an error status, a size other than the expected one or over the limit; returns the total when known. */
function checkResponse(head: ExternalHead, opts: DownloadOptions, where: string): number | undefined {
  if (head.status < 200 || head.status > 299) {
    throw new NemoError(head.status >= 500 ? 'server' : 'http', l10n.t('The download answered HTTP {0}.', head.status),
      { status: head.status, path: where });
  }
  const announced = contentLength(head.headers);
  if (announced !== undefined && opts.expectedBytes !== undefined && announced !== opts.expectedBytes) {
    throw sizeError(where, opts.expectedBytes, announced);
  }
  const total = announced ?? opts.expectedBytes;
  if (opts.maxBytes !== undefined && total !== undefined && total > opts.maxBytes) throw tooLargeError(where, opts.maxBytes);
  return total;
}

/** How many leading bytes `checkHead` sees: enough for every media signature we test. */
export const HEAD_BYTES = 16;
/** How much the file writer gathers before it pushes back on the socket. */
const WRITE_BUFFER_BYTES = 1024 * 1024;
/** Progress is reported at most once per this many bytes (and always at the end). */
const PROGRESS_STEP_BYTES = 1024 * 1024;
/** How often the disk is asked to start writing what has arrived. */
const WRITEBACK_STEP_BYTES = 32 * 1024 * 1024;

/**
 * The file writer, for both legs. What arrives while a write is on its way is gathered (up to
 * WRITE_BUFFER_BYTES) into one writev: a thread-pool round trip per megabyte, not per 64 KiB socket
 * read. It counts the bytes, stops past maxBytes, keeps the first HEAD_BYTES (format checks) and
 * reports progress once per PROGRESS_STEP_BYTES. The disk starts writing the file while it still
 * arrives (one datasync at a time, every WRITEBACK_STEP_BYTES), so the fsync at the end flushes the
 * last stretch, not the whole file; a failed datasync is not reported here, the final fsync reports
 * any write that did not land. The writer finishes only once that fsync is done, so the data is
 * durable before the rename.
 */
class FileSink extends Writable {
  bytes = 0;
  /** Bytes that arrived, written or still buffered: what a broken-off download says it got. */
  received = 0;
  head = Buffer.alloc(0);
  overLimit = false;
  private reported = 0;
  private writebackAt = WRITEBACK_STEP_BYTES;
  private writeback: Promise<void> | undefined;

  constructor(
    private readonly file: FileHandle,
    readonly total: number | undefined,
    private readonly opts: Pick<DownloadOptions, 'maxBytes' | 'onProgress'>,
  ) {
    super({ highWaterMark: WRITE_BUFFER_BYTES });
  }

  override write(chunk: Buffer, encoding?: unknown, callback?: unknown): boolean {
    this.received += chunk.length;
    return super.write(chunk, encoding as BufferEncoding, callback as (error: Error | null | undefined) => void);
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    const buffers = chunks.map((c) => c.chunk);
    const arriving = buffers.reduce((n, b) => n + b.length, 0);
    if (this.opts.maxBytes !== undefined && this.bytes + arriving > this.opts.maxBytes) {
      this.overLimit = true;
      callback(new Error('over the size limit'));
      return;
    }
    this.writeAll(buffers).then(() => callback(this.count(buffers)), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    const flushed = async () => {
      await this.writeback;
      await this.file.sync();
    };
    flushed().then(() => callback(this.bytes !== this.reported ? this.report() : null), callback);
  }

  private async writeAll(buffers: Buffer[]): Promise<void> {
    let rest = buffers;
    while (rest.length > 0) {
      const { bytesWritten } = await this.file.writev(rest);
      rest = afterBytes(rest, bytesWritten);
    }
  }

  private count(buffers: Buffer[]): Error | null {
    for (const b of buffers) {
      if (this.head.length < HEAD_BYTES) this.head = Buffer.concat([this.head, b.subarray(0, HEAD_BYTES - this.head.length)]);
      this.bytes += b.length;
    }
    if (this.bytes >= this.writebackAt) {
      this.writebackAt = this.bytes + WRITEBACK_STEP_BYTES;
      this.writeback ??= this.file.datasync().catch(() => undefined).finally(() => (this.writeback = undefined));
    }
    return this.bytes - this.reported >= PROGRESS_STEP_BYTES ? this.report() : null;
  }

  /** A callback that throws fails the download (through the writer) instead of escaping it. */
  private report(): Error | null {
    this.reported = this.bytes;
    try {
      this.opts.onProgress?.(this.bytes, this.total);
      return null;
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  }
}

/** What is left of `buffers` once their first `n` bytes are written (a short writev). */
function afterBytes(buffers: Buffer[], n: number): Buffer[] {
  let skip = n;
  const rest: Buffer[] = [];
  for (const b of buffers) {
    if (skip >= b.length) {
      skip -= b.length;
      continue;
    }
    rest.push(skip > 0 ? b.subarray(skip) : b);
    skip = 0;
  }
  return rest;
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
    { path: where, details: { expected, got, reason: l10n.t('the download has {0} bytes where {1} were expected', got, expected) } });
}
