// The render output origin: a finished job's MP4 at its unguessable path, GET or HEAD, answering
// 403 with S3's XML once the output "expired" (outputTtlMs after completion); and the media the
// agent "generated" (`/media/gen_<n>.mp4`, `music_<n>.mp3`), made on first request (ffmpeg.ts).

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Exchange } from './exchange';
import { statusOf } from './renders';
import type { EmulatorWorld } from './world';

const EXPIRED_XML = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>';

export async function serveOutput(ex: Exchange, world: EmulatorWorld): Promise<void> {
  if (ex.path.startsWith('/media/')) return serveMadeMedia(ex, world);
  const { options } = world;
  const job = [...world.renders.values()].find((j) => j.cdnPath === ex.path);
  if (!job || !job.file || statusOf(job, options).status !== 'completed' || (ex.req.method !== 'GET' && ex.req.method !== 'HEAD')) {
    return ex.bytes(404, { 'Content-Type': 'text/plain' }, Buffer.from('not found'));
  }
  if (job.completedAt !== undefined && Date.now() - job.completedAt > options.outputTtlMs) {
    return ex.bytes(403, { 'Content-Type': 'application/xml' }, Buffer.from(EXPIRED_XML));
  }
  const headers = { 'Content-Type': 'video/mp4', 'Cache-Control': 'private, max-age=3600' };
  if (ex.req.method === 'HEAD') {
    ex.res.writeHead(200, { ...headers, 'Content-Length': String(job.file.size) });
    return void ex.res.end();
  }
  ex.stream(200, headers, createReadStream(job.file.path), job.file.size);
}

async function serveMadeMedia(ex: Exchange, world: EmulatorWorld): Promise<void> {
  const made = ex.req.method === 'GET' ? world.renderer.madeMedia(decodeURIComponent(ex.path.slice('/media/'.length))) : undefined;
  if (!made) return ex.bytes(404, { 'Content-Type': 'text/plain' }, Buffer.from('not found'));
  const file = await made;
  const type = file.endsWith('.mp3') ? 'audio/mpeg' : 'video/mp4';
  ex.stream(200, { 'Content-Type': type }, createReadStream(file), (await stat(file)).size);
}
