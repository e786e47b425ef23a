// multipart/form-data for files of known size, streamed from disk. undici's fetch and FormData hold
// the whole body in memory (a 500 MB video would be 500 MB of RAM); this builds the part headers as
// small buffers, computes the exact Content-Length up front, and reads each file in chunks only as
// the socket drains.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
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
  const headers = files.map((f) => partHeader(boundary, field, f));
  const crlf = Buffer.from(CRLF);
  const closing = Buffer.from(`--${boundary}--${CRLF}`);
  const contentLength = headers.reduce((n, h, i) => n + h.length + files[i].size + crlf.length, 0) + closing.length;

  async function* chunks(onFileBytes?: (n: number, file: MultipartFile) => void): AsyncGenerator<Buffer> {
    for (const [i, file] of files.entries()) {
      yield headers[i];
      let read = 0;
      // `end` bounds the read to the size we announced; a file that shrank is caught below.
      for await (const chunk of createReadStream(file.path, { start: 0, end: file.size - 1, highWaterMark: 256 * 1024 })) {
        const buf = chunk as Buffer;
        read += buf.length;
        yield buf;
        onFileBytes?.(buf.length, file);
      }
      if (read !== file.size) {
        throw new NemoError('invalid-input', l10n.t('{0} changed while it was being uploaded.', file.name), { details: { file: file.name } });
      }
      yield crlf;
    }
    yield closing;
  }

  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength,
    open: (onFileBytes) => Readable.from(chunks(onFileBytes), { objectMode: false }),
  };
}
