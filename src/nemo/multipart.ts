// multipart/form-data for files of known size, streamed from disk. undici's fetch and FormData hold
// the whole body in memory (a 500 MB video would be 500 MB of RAM); this builds the part headers as
// small buffers, computes the exact Content-Length up front, and reads each file in chunks a bounded
// distance ahead of the socket.
import { randomBytes } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import * as l10n from '@vscode/l10n';
import { NemoError } from './errors';

export interface MultipartFile {
  path: string;
  /** The filename announced in the part. */
  name: string;
  size: number;
  mime: string;
}

export interface MultipartBody {
  contentType: string;
  /** Exact byte length of everything `open()` yields. */
  contentLength: number;
  /** A fresh body stream each call (a request the server refused unread may be sent again). */
  open(onFileBytes?: (n: number, file: MultipartFile) => void): Readable;
}

const CRLF = '\r\n';

/**
 * Quotes a filename the way browsers do (WHATWG "multipart/form-data encoding": `"` → %22, CR/LF →
 * %0D/%0A) and adds RFC 5987 `filename*` for non-ASCII names, which form parsers prefer when present.
 */
export function filenameParams(name: string): string {
  const quoted = name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  if (/^[\x20-\x7e]*$/.test(name)) return `filename="${quoted}"`;
  const extended = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `filename="${quoted}"; filename*=UTF-8''${extended}`;
}

export function partHeader(boundary: string, field: string, file: MultipartFile): Buffer {
  return Buffer.from(
    `--${boundary}${CRLF}` +
    `Content-Disposition: form-data; name="${field}"; ${filenameParams(file.name)}${CRLF}` +
    `Content-Type: ${file.mime}${CRLF}${CRLF}`,
    'utf8',
  );
}

/** One `field` part per file. `boundary` is random unless given (tests). */
export function multipartFiles(field: string, files: readonly MultipartFile[], boundary = `----nemo${randomBytes(16).toString('hex')}`): MultipartBody {
  const crlf = Buffer.from(CRLF);
  const segments: Segment[] = files.flatMap((f) => [partHeader(boundary, field, f), f, crlf]);
  segments.push(Buffer.from(`--${boundary}--${CRLF}`));
  const contentLength = segments.reduce((n, s) => n + (Buffer.isBuffer(s) ? s.length : s.size), 0);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength,
    open: (onFileBytes) => new MultipartStream(segments, onFileBytes),
  };
}

/** What the body is made of: framing held in memory, file contents read from disk. */
type Segment = Buffer | MultipartFile;

/** Bytes asked of the disk per read: few enough thread-pool round trips, small enough to pace. */
const READ_CHUNK_BYTES = 512 * 1024;
/**
 * How far the body reads ahead of the socket. The next reads run while the socket sends the
 * previous ones, so neither waits for the other; memory stays bounded by this, not the file size.
 */
const READ_AHEAD_BYTES = 2 * 1024 * 1024;

/**
 * The body as a byte stream that reads each file through its own handle, one chunk per `_read`,
 * up to READ_AHEAD_BYTES ahead of the consumer. Each file is read at exactly the size announced
 * in Content-Length: a file that shrank fails the stream instead of sending a wrong length, and
 * bytes a file gained are not sent.
 */
class MultipartStream extends Readable {
  private index = 0;
  private handle: FileHandle | undefined;
  private offset = 0;

  constructor(private readonly segments: readonly Segment[], private readonly onFileBytes?: (n: number, file: MultipartFile) => void) {
    super({ highWaterMark: READ_AHEAD_BYTES });
  }

  override _read(): void {
    this.pushNext().catch((e: Error) => this.destroy(e));
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const handle = this.handle;
    this.handle = undefined;
    if (!handle) return callback(error);
    handle.close().then(() => callback(error), () => callback(error));
  }

  private async pushNext(): Promise<void> {
    const segment = this.segments[this.index];
    if (segment === undefined) {
      this.push(null);
      return;
    }
    if (Buffer.isBuffer(segment)) {
      this.index++;
      this.push(segment);
      return;
    }
    if (segment.size === 0) {
      this.index++;
      return this.pushNext();
    }
    const handle = this.handle ?? (await this.openFile(segment));
    if (!handle) return;
    const want = Math.min(READ_CHUNK_BYTES, segment.size - this.offset);
    const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(want), 0, want, this.offset);
    if (this.destroyed) return;
    if (bytesRead === 0) {
      throw new NemoError('invalid-input', l10n.t('{0} changed while it was being uploaded.', segment.name), { details: { file: segment.name } });
    }
    this.offset += bytesRead;
    if (this.offset === segment.size) {
      this.handle = undefined;
      this.offset = 0;
      this.index++;
      await handle.close();
    }
    this.onFileBytes?.(bytesRead, segment);
    this.push(bytesRead === want ? buffer : buffer.subarray(0, bytesRead));
  }

  /** Opens the file of the current segment, unless the stream was destroyed meanwhile. */
  private async openFile(file: MultipartFile): Promise<FileHandle | undefined> {
    const handle = await open(file.path, 'r');
    if (this.destroyed) {
      await handle.close();
      return undefined;
    }
    this.handle = handle;
    return handle;
  }
}
