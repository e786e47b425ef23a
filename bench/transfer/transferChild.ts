// One upload or download in a fresh process, so its peak resident memory is its own.
//   node --import tsx --expose-gc transferChild.ts upload-ours  <apiUrl> <sessionId> <file>
//   node --import tsx --expose-gc transferChild.ts upload-fetch <apiUrl> <sessionId> <file>
//   node --import tsx --expose-gc transferChild.ts download-ours <url> <destPath>
//   node --import tsx --expose-gc transferChild.ts download-undici <url>   (read and discard: no file)
// Credentials come in BENCH_TOKEN / BENCH_CLIENT_ID (never on a command line).
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { fetch, FormData, request } from 'undici';
import { downloadFile } from '../../src/nemo/download';
import { uploadFiles } from '../../src/nemo/uploads';
import { reportResult } from '../support/children';
import { benchTransport, referenceHeaders, type Credentials } from '../support/emulator';
import { measurePeakRss } from '../support/memory';

export interface TransferSample {
  ms: number;
  bytes: number;
  rssGrowthBytes: number;
  rssMethod: string;
}

function credentials(): Credentials {
  return { token: process.env.BENCH_TOKEN ?? 'none', clientId: process.env.BENCH_CLIENT_ID ?? 'none' };
}

const uploadUrl = (apiUrl: string, sessionId: string) => `${apiUrl}/api/upload-video/nemo_agent/me/${encodeURIComponent(sessionId)}`;

async function uploadOurs(apiUrl: string, sessionId: string, file: string): Promise<number> {
  const files = await uploadFiles(benchTransport(apiUrl, credentials()), sessionId, [file]);
  if (files.length !== 1) throw new Error('upload answer has no file');
  return (await openAsBlob(file)).size;
}

/** The reference: undici fetch with a FormData holding a file-backed Blob. */
async function uploadFetch(apiUrl: string, sessionId: string, file: string): Promise<number> {
  const blob = await openAsBlob(file, { type: 'video/mp4' });
  const form = new FormData();
  form.append('files', blob, basename(file));
  const res = await fetch(uploadUrl(apiUrl, sessionId), { method: 'POST', headers: referenceHeaders(credentials()), body: form });
  const answer = (await res.json()) as { code?: number };
  if (res.status !== 200 || answer.code !== 0) throw new Error(`fetch upload: HTTP ${res.status} ${JSON.stringify(answer).slice(0, 200)}`);
  return blob.size;
}

async function downloadOurs(url: string, dest: string): Promise<number> {
  // The API origin is never contacted by a download from another origin (no credentials go there).
  const t = benchTransport('http://127.0.0.1:9', credentials());
  return (await downloadFile(t, url, dest, { requireMp4: true })).bytes;
}

/** The floor for any undici-based downloader: the body read and thrown away, nothing written. */
async function downloadUndici(url: string): Promise<number> {
  const res = await request(url);
  let bytes = 0;
  for await (const chunk of res.body) bytes += (chunk as Buffer).length;
  if (res.statusCode !== 200) throw new Error(`undici download: HTTP ${res.statusCode}`);
  return bytes;
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  const op =
    mode === 'upload-ours' ? () => uploadOurs(args[0], args[1], args[2])
    : mode === 'upload-fetch' ? () => uploadFetch(args[0], args[1], args[2])
    : mode === 'download-ours' ? () => downloadOurs(args[0], args[1])
    : mode === 'download-undici' ? () => downloadUndici(args[0])
    : undefined;
  if (!op) throw new Error(`unknown mode ${mode}`);
  // Timed inside the memory measurement: its set-up (a full GC, the peak reset) is not the transfer's.
  const { value: { bytes, ms }, memory } = await measurePeakRss(async () => {
    const t0 = performance.now();
    const transferred = await op();
    return { bytes: transferred, ms: performance.now() - t0 };
  });
  const sample: TransferSample = { ms, bytes, rssGrowthBytes: memory.growthBytes, rssMethod: memory.method };
  reportResult(sample);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
