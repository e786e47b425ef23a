// The media a local render needs: each segment's file, found from its `m.src` or matched by name or
// id to the session's `video_infos` / `generated_media` (`cdn_url`), downloaded once into a cache
// keyed by URL and reused by later exports. Downloads go through the client's external fetch (no
// Authorization, no client id: media sits on CDNs, never on the API origin) and the atomic writer,
// http(s) only, under a size cap, and only files whose first bytes are a known media format are kept.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import type { Draft, Segment, Track } from '../draft';
import { downloadFile } from '../nemo/download';
import { isAbort, isNemoError } from '../nemo/errors';
import type { Transport } from '../nemo/transport';
import { parseUrl, isHttp } from '../nemo/urls';
import { segmentKey, segmentLabel, type PlannedMedia } from './plan';

/** The contract's upload limit: nothing a session holds is larger. */
export const MEDIA_MAX_BYTES = 500 * 1024 * 1024;

export interface MediaOptions {
  transport: Transport;
  ffmpegPath: string;
  cacheDir: string;
  maxBytes?: number;
  signal?: AbortSignal;
  /** Bytes fetched so far over all downloads of this export. */
  onBytes?: (bytes: number) => void;
}

export interface MediaLookup {
  media: Map<string, PlannedMedia>;
  /** Segments whose media could not be had, by name, with why. */
  problems: { name: string; reason: string }[];
}

/** The formats a session may hold (contract: Upload), told apart by their first bytes. */
const SIGNATURES: { ext: string; test: (h: Buffer) => boolean }[] = [
  { ext: 'png', test: (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { ext: 'jpg', test: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  { ext: 'gif', test: (h) => h.subarray(0, 4).toString('latin1') === 'GIF8' },
  { ext: 'webp', test: (h) => h.subarray(0, 4).toString('latin1') === 'RIFF' && h.subarray(8, 12).toString('latin1') === 'WEBP' },
  { ext: 'wav', test: (h) => h.subarray(0, 4).toString('latin1') === 'RIFF' && h.subarray(8, 12).toString('latin1') === 'WAVE' },
  { ext: 'avi', test: (h) => h.subarray(0, 4).toString('latin1') === 'RIFF' && h.subarray(8, 11).toString('latin1') === 'AVI' },
  { ext: 'mp4', test: (h) => ['ftyp', 'moov', 'mdat', 'wide', 'free'].includes(h.subarray(4, 8).toString('latin1')) },
  { ext: 'mkv', test: (h) => h.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])) },
  { ext: 'mp3', test: (h) => h.subarray(0, 3).toString('latin1') === 'ID3' || (h[0] === 0xff && (h[1] & 0xe6) === 0xe2) },
  { ext: 'aac', test: (h) => h[0] === 0xff && (h[1] & 0xf6) === 0xf0 },
];
const IMAGE_EXTS = new Set(['png', 'jpg', 'gif', 'webp']);

export function mediaFormatOf(head: Buffer): string | undefined {
  return SIGNATURES.find((s) => s.test(head))?.ext;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** `video_infos` and `generated_media` as arrays or id → item maps (both seen). */
function sessionMedia(state: Record<string, unknown>): Record<string, unknown>[] {
  return [state.video_infos, state.generated_media]
    .flatMap((raw) => (Array.isArray(raw) ? raw : isRecord(raw) ? Object.values(raw) : []))
    .filter(isRecord);
}

/** The URL a segment's media comes from: its own `src`, else the session medium it names. */
export function mediaUrlFor(seg: Segment, state: Record<string, unknown>): string | undefined {
  if (seg.src !== undefined) return seg.src;
  const wanted = [seg.name, str(seg.meta.media_id), str(seg.meta.id), str(seg.meta.file_id)].filter((v): v is string => v !== undefined);
  if (wanted.length === 0) return undefined;
  const found = sessionMedia(state).find((m) =>
    ['id', 'media_id', 'name', 'filename', 'title', 'hash'].some((k) => { const v = str(m[k]); return v !== undefined && wanted.includes(v); }));
  return found ? str(found.cdn_url) ?? str(found.url) ?? str(found.src) : undefined;
}

/** Finds, fetches (or reuses) and probes the media of every video and audio segment. */
export async function gatherMedia(draft: Draft, state: Record<string, unknown>, opts: MediaOptions): Promise<MediaLookup> {
  const wanted: { track: Track; seg: Segment; url: string | undefined }[] = [];
  for (const track of draft.tracks) {
    if (track.kind !== 'video' && track.kind !== 'audio') continue;
    for (const seg of track.segments) if (seg.duration > 0) wanted.push({ track, seg, url: mediaUrlFor(seg, state) });
  }
  await mkdir(opts.cacheDir, { recursive: true });
  const files = new Map<string, Promise<PlannedMedia>>();
  let bytes = 0;
  const fetchOnce = (url: string) => {
    let file = files.get(url);
    if (!file) {
      file = cachedFile(url, opts, (n) => opts.onBytes?.((bytes += n)));
      files.set(url, file);
    }
    return file;
  };
  const media = new Map<string, PlannedMedia>();
  const problems: MediaLookup['problems'] = [];
  // One at a time: media is fetched once per URL and mostly cached; the render is the long part.
  for (const { track, seg, url } of wanted) {
    if (url === undefined) {
      problems.push({ name: segmentLabel(seg), reason: l10n.t('no media address in the draft or the session') });
      continue;
    }
    try {
      media.set(segmentKey(track, seg), await fetchOnce(url));
    } catch (e) {
      if (isAbort(e) || opts.signal?.aborted) throw e;
      problems.push({ name: segmentLabel(seg), reason: isNemoError(e) || e instanceof Error ? e.message : String(e) });
    }
  }
  return { media, problems };
}

async function cachedFile(url: string, opts: MediaOptions, onBytes: (n: number) => void): Promise<PlannedMedia> {
  const parsed = parseUrl(url);
  if (!parsed || !isHttp(parsed)) throw new Error(l10n.t('only http(s) media addresses are fetched'));
  const base = join(opts.cacheDir, createHash('sha256').update(parsed.href).digest('hex').slice(0, 40));
  for (const { ext } of SIGNATURES) {
    const path = `${base}.${ext}`;
    if ((await stat(path).catch(() => undefined))?.isFile()) return probe(path, ext, opts.ffmpegPath);
  }
  let format: string | undefined;
  const fetched = `${base}.fetched`;
  const saved = await downloadFile(opts.transport, parsed.href, fetched, {
    signal: opts.signal,
    maxBytes: opts.maxBytes ?? MEDIA_MAX_BYTES,
    checkHead: (head) => {
      format = mediaFormatOf(head);
      return format ? undefined : l10n.t('The download is not a video, image or audio file this export can use.');
    },
  });
  onBytes(saved.bytes);
  const path = `${base}.${format}`;
  await rename(fetched, path);
  return probe(path, format!, opts.ffmpegPath);
}

/** What ffmpeg sees in a file: its streams and duration (`ffmpeg -i` lists them on stderr). */
export function probe(path: string, ext: string, ffmpegPath: string): Promise<PlannedMedia> {
  return new Promise((resolve) => {
    execFile(ffmpegPath, ['-hide_banner', '-nostdin', '-i', path], { timeout: 30_000, windowsHide: true }, (_err, _out, stderr) => {
      const text = String(stderr);
      const d = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(text);
      const durationMs = d ? Math.round(((Number(d[1]) * 60 + Number(d[2])) * 60 + Number(d[3])) * 1000) : undefined;
      const hasVideo = /Stream #[^\n]*: Video:/.test(text);
      const hasAudio = /Stream #[^\n]*: Audio:/.test(text);
      const kind = IMAGE_EXTS.has(ext) ? 'image' : hasVideo ? 'video' : 'audio';
      resolve({ path, kind, hasAudio, ...(durationMs !== undefined && kind !== 'image' ? { durationMs } : {}) });
    });
  });
}
