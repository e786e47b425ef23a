// The formats the backend accepts and the checks made on a local file before any byte of it is sent:
// refusing a 600 MB .exe locally costs nothing, refusing it after the upload costs the user minutes.
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import * as l10n from '@vscode/l10n';
import { NemoError, localFileError } from './errors';

/** The 13 accepted formats (lower-case extension → MIME type), in the order the contract lists them. */
export const UPLOAD_MIME_TYPES: Readonly<Record<string, string>> = Object.freeze({
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  avi: 'video/x-msvideo',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
});

/** The accepted extensions, for wording ("mp4, mov, avi, ..."). */
export const UPLOAD_FORMATS: readonly string[] = Object.freeze(Object.keys(UPLOAD_MIME_TYPES));

/**
 * "At most 500 MB a file". Binary megabytes (500 × 1024 × 1024 = 524,288,000 bytes): it is what the
 * emulator enforces, and of the two readings it is the lenient one, so the client never refuses a file
 * the server would take. Should a deployment count decimal megabytes, the few files between 500,000,000
 * and 524,288,000 bytes get the server's 4002, which maps to the same 'file-too-large' error.
 */
export const MAX_UPLOAD_BYTES = 500 * 1024 * 1024;

export interface CheckedUploadFile {
  path: string;
  /** The base name, sent as the multipart filename. */
  name: string;
  size: number;
  mime: string;
}

/** The MIME type for a file name, or undefined when the backend does not accept its extension. */
export function mimeTypeFor(fileName: string): string | undefined {
  const ext = extensionOf(fileName);
  return Object.hasOwn(UPLOAD_MIME_TYPES, ext) ? UPLOAD_MIME_TYPES[ext] : undefined;
}

/** Lower-case extension without the dot ('' when there is none). */
function extensionOf(fileName: string): string {
  return extname(fileName).slice(1).toLowerCase();
}

/**
 * Checks a local file the way the backend would, before anything is sent.
 * Throws NemoError 'invalid-input' (missing, not a regular file, empty), 'unsupported-file'
 * (details.extension, details.file) or 'file-too-large' (details.size, details.limit, details.file).
 */
export async function checkUploadFile(path: string): Promise<CheckedUploadFile> {
  const name = basename(path);
  let info;
  try {
    info = await stat(path);
  } catch (cause) {
    // Only a missing file is "not found"; a folder that may not be entered says so (errors.ts).
    const local = localFileError(cause, { file: path, access: 'read' });
    if (local) throw local;
    throw new NemoError('invalid-input', l10n.t('File not found: {0}', name), { cause, details: { file: name } });
  }
  if (!info.isFile()) {
    throw new NemoError('invalid-input', l10n.t('Not a file: {0}', name), { details: { file: name } });
  }
  const mime = mimeTypeFor(name);
  if (mime === undefined) {
    const extension = extensionOf(name);
    throw new NemoError('unsupported-file', l10n.t('Unsupported file type: {0}. Accepted formats: {1}.',
      extension === '' ? name : `.${extension}`, UPLOAD_FORMATS.join(', ')), { details: { file: name, extension } });
  }
  if (info.size === 0) {
    throw new NemoError('invalid-input', l10n.t('The file is empty: {0}', name), { details: { file: name, size: 0 } });
  }
  if (info.size > MAX_UPLOAD_BYTES) {
    throw new NemoError('file-too-large', l10n.t('{0} is {1} MB; the limit is 500 MB a file.', name, Math.ceil(info.size / 1024 / 1024)),
      { details: { file: name, size: info.size, limit: MAX_UPLOAD_BYTES } });
  }
  return { path, name, size: info.size, mime };
}
