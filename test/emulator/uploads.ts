// Uploads: multipart `files` parts streamed through busboy (counted and hashed, never held in
// memory), or JSON {urls, source_type:'url'}. Each file is checked for one of the 13 formats
// (4001) and the size limit (4002); accepted files become media in the session state.

import busboy from 'busboy';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { extname } from 'node:path';

export const ACCEPTED: Record<string, 'video' | 'image' | 'audio'> = {
  mp4: 'video', mov: 'video', avi: 'video', webm: 'video', mkv: 'video',
  jpg: 'image', png: 'image', gif: 'image', webp: 'image',
  mp3: 'audio', wav: 'audio', m4a: 'audio', aac: 'audio',
};

export interface UploadedMedia {
  filename: string;
  file_type: 'video' | 'image' | 'audio';
  cdn_url: string;
  duration: number;
  width: number;
  height: number;
  fps: number;
  hash: string;
  size: number;
}

export type UploadOutcome = { ok: true; files: UploadedMedia[] } | { ok: false; code: 4001 | 4002 | 400; message: string };

function typeOf(filename: string): 'video' | 'image' | 'audio' | undefined {
  return ACCEPTED[extname(filename).slice(1).toLowerCase()];
}

function media(filename: string, type: 'video' | 'image' | 'audio', hash: string, size: number, cdnBase: string): UploadedMedia {
  const visual = type !== 'audio';
  return {
    filename,
    file_type: type,
    cdn_url: `${cdnBase}/u/${hash.slice(0, 16)}/${encodeURIComponent(filename)}`,
    duration: type === 'image' ? 0 : 10,
    width: visual ? 1920 : 0,
    height: visual ? 1080 : 0,
    fps: type === 'video' ? 30 : 0,
    hash,
    size,
  };
}

/** Reads a multipart body part by part; answers only after the whole body was consumed. */
export function receiveMultipart(req: IncomingMessage, maxBytes: number, cdnBase: string): Promise<UploadOutcome> {
  return new Promise((resolve) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers });
    } catch {
      resolve({ ok: false, code: 400, message: 'expected multipart/form-data' });
      return;
    }
    const files: UploadedMedia[] = [];
    let refusal: UploadOutcome | undefined;
    parser.on('file', (field, stream, info) => {
      const type = typeOf(info.filename ?? '');
      if (field !== 'files' || !type) {
        refusal ??= { ok: false, code: 4001, message: `unsupported file type: ${info.filename}` };
        stream.resume();
        return;
      }
      const hash = createHash('sha256');
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= maxBytes) hash.update(chunk);
      });
      stream.on('end', () => {
        if (size > maxBytes) refusal ??= { ok: false, code: 4002, message: `file too large: ${info.filename}` };
        else files.push(media(info.filename ?? '', type, hash.digest('hex'), size, cdnBase));
      });
    });
    parser.on('close', () => {
      if (refusal) resolve(refusal);
      else if (files.length === 0) resolve({ ok: false, code: 400, message: 'no files part' });
      else resolve({ ok: true, files });
    });
    parser.on('error', () => resolve({ ok: false, code: 400, message: 'malformed multipart body' }));
    req.pipe(parser);
  });
}

export function receiveUrls(body: Record<string, unknown>, cdnBase: string): UploadOutcome {
  const urls = body.urls;
  if (body.source_type !== 'url' || !Array.isArray(urls) || urls.length === 0 || !urls.every((u) => typeof u === 'string')) {
    return { ok: false, code: 400, message: 'expected {urls:[...], source_type:"url"}' };
  }
  const files: UploadedMedia[] = [];
  for (const url of urls as string[]) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return { ok: false, code: 4001, message: `not a URL: ${url}` };
    }
    const filename = decodeURIComponent(parsed.pathname.split('/').pop() ?? '');
    const type = typeOf(filename);
    if (!/^https?:$/.test(parsed.protocol) || !type) return { ok: false, code: 4001, message: `unsupported file type: ${filename}` };
    files.push(media(filename, type, createHash('sha256').update(url).digest('hex'), 0, cdnBase));
  }
  return { ok: true, files };
}
