// 3. Upload: one large generated MP4 (sparse, in a temp dir, deleted after) sent to the emulator's
// upload endpoint by our client (streamed multipart), by `curl -F` and, for memory, by undici
// fetch with a FormData holding a file-backed Blob. The emulator runs in its own process and
// reads every byte (busboy + sha256) for all three alike.
import { join } from 'node:path';
import { compared, type Benchmark, type Figure } from '../figures';
import { spread } from '../stats';
import { runForResult, TSX } from '../support/children';
import { newSession, benchTransport, startEmulatorProcess } from '../support/emulator';
import { makeSparseMp4, MB, withTempDir } from '../support/tempFiles';
import { curlHeaderFile, curlUpload } from './curl';
import type { TransferSample } from './transferChild';

const CHILD = join(__dirname, 'transferChild.ts');
const MEMORY_LIMIT = 64 * 2 ** 20;

export const mbps = (bytes: number, ms: number) => bytes / MB / (ms / 1000);
export const mib = (bytes: number) => bytes / 2 ** 20;

export const uploadBench: Benchmark = {
  name: 'upload',
  title: '3. Upload (emulator on loopback)',
  async run(ctx) {
    const size = (ctx.quick ? 50 : 500) * MB;
    const reps = ctx.quick ? 2 : 5;
    const emu = await startEmulatorProcess();
    try {
      return await withTempDir(async (dir) => {
        const file = join(dir, 'bench-upload.mp4');
        await makeSparseMp4(file, size);
        const creds = await emu.credentials();
        const sessionId = await newSession(benchTransport(emu.url, creds));
        const url = `${emu.url}/api/upload-video/nemo_agent/me/${encodeURIComponent(sessionId)}`;
        const headers = await curlHeaderFile(dir, creds);
        const child = (mode: string) => runForResult<TransferSample>(CHILD, [mode, emu.url, sessionId, file], {
          nodeArgs: [...TSX, '--expose-gc'], env: { BENCH_TOKEN: creds.token, BENCH_CLIENT_ID: creds.clientId },
        });
        const ours: TransferSample[] = [];
        const viaFetch: TransferSample[] = [];
        const curl: number[] = [];
        for (let i = 0; i < reps; i++) {
          const c = await curlUpload(url, headers, file);
          if (c.status !== 200 || !c.body.includes('"code":0')) throw new Error(`curl upload: HTTP ${c.status} ${c.body.slice(0, 200)}`);
          curl.push(c.ms);
          ours.push(await child('upload-ours'));
          viaFetch.push(await child('upload-fetch'));
          ctx.log(`#${i + 1}: ours ${mbps(size, ours[i].ms).toFixed(0)} MB/s (+${mib(ours[i].rssGrowthBytes).toFixed(1)} MiB RSS), curl ${mbps(size, c.ms).toFixed(0)} MB/s, fetch ${mbps(size, viaFetch[i].ms).toFixed(0)} MB/s (+${mib(viaFetch[i].rssGrowthBytes).toFixed(1)} MiB RSS)`);
        }
        const throughput = compared(
          { id: 'upload.throughput', label: `${size / MB} MB file: throughput`, unit: 'MB/s', notes: { fileBytes: size, rssMethod: ours[0].rssMethod } },
          spread(ours.map((s) => mbps(size, s.ms))), 'curl -F', spread(curl.map((ms) => mbps(size, ms))),
        );
        throughput.target = { text: '≥ 0.8× curl', met: (throughput.ratio ?? 0) >= 0.8 };
        const memory = compared(
          { id: 'upload.rss', label: 'peak RSS growth', unit: 'MiB' },
          spread(ours.map((s) => mib(s.rssGrowthBytes))), 'undici fetch + FormData(Blob)', spread(viaFetch.map((s) => mib(s.rssGrowthBytes))),
        );
        memory.target = { text: '≤ 64 MiB', met: memory.ours.max <= mib(MEMORY_LIMIT) };
        const fetchSpeed = compared(
          { id: 'upload.fetchThroughput', label: 'undici fetch + FormData: throughput', unit: 'MB/s' },
          spread(viaFetch.map((s) => mbps(size, s.ms))), 'curl -F', spread(curl.map((ms) => mbps(size, ms))),
        );
        const figures: Figure[] = [throughput, memory, fetchSpeed];
        return figures;
      });
    } finally {
      await emu.stop();
    }
  },
};
