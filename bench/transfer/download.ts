// 4. Download: a large render output (a sparse MP4 served by a loopback origin in its own process)
// saved by our download code (temp file beside the target, size check, fsync, rename) and by
// `curl -o` (which does none of that) to the same temp dir. Each output is deleted before the next.
// Our writer fsyncs before the rename and curl does not, so a second reference adds `sync <file>`
// to curl's time: the same durability as ours. The target is judged against that one; the raw
// `curl -o` figure is shown beside it.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { compared, type Benchmark, type Figure } from '../figures';
import { spread } from '../stats';
import { runCommand, runForResult, startServerChild, TSX } from '../support/children';
import { makeSparseMp4, MB, withTempDir } from '../support/tempFiles';
import { curlDownload } from './curl';
import type { TransferSample } from './transferChild';
import { mbps, mib } from './upload';

const CHILD = join(__dirname, 'transferChild.ts');

export const downloadBench: Benchmark = {
  name: 'download',
  title: '4. Download (loopback origin)',
  async run(ctx) {
    const size = (ctx.quick ? 50 : 500) * MB;
    const reps = ctx.quick ? 2 : 5;
    return withTempDir(async (dir) => {
      const source = join(dir, 'render-source.mp4');
      await makeSparseMp4(source, size);
      const server = await startServerChild<{ url: string }>(join(__dirname, 'fileServerChild.ts'), [source], { nodeArgs: TSX });
      try {
        const ours: TransferSample[] = [];
        const curl: number[] = [];
        const curlSynced: number[] = [];
        for (let i = 0; i < reps; i++) {
          const dest = join(dir, `out-${i}.mp4`);
          const c = await curlDownload(server.info.url, dest);
          const synced = await runCommand('sync', [dest]);
          curlSynced.push(c.ms + synced.ms);
          await rm(dest, { force: true });
          if (c.status !== 200 || c.bytes !== size) throw new Error(`curl download: HTTP ${c.status}, ${c.bytes} bytes`);
          curl.push(c.ms);
          const o = await runForResult<TransferSample>(CHILD, ['download-ours', server.info.url, dest], { nodeArgs: [...TSX, '--expose-gc'] });
          await rm(dest, { force: true });
          if (o.bytes !== size) throw new Error(`our download saved ${o.bytes} bytes`);
          ours.push(o);
          ctx.log(`#${i + 1}: ours ${mbps(size, o.ms).toFixed(0)} MB/s (+${mib(o.rssGrowthBytes).toFixed(1)} MiB RSS), curl ${mbps(size, c.ms).toFixed(0)} MB/s`);
        }
        const throughput = compared(
          { id: 'download.throughput', label: `${size / MB} MB output: throughput`, unit: 'MB/s', notes: { fileBytes: size } },
          spread(ours.map((s) => mbps(size, s.ms))), 'curl -o', spread(curl.map((ms) => mbps(size, ms))),
        );

        const memory: Figure = {
          id: 'download.rss', label: 'peak RSS growth', unit: 'MiB', ours: spread(ours.map((s) => mib(s.rssGrowthBytes))),
          target: { text: 'constant (≤ 64 MiB)', met: Math.max(...ours.map((s) => mib(s.rssGrowthBytes))) <= 64 },
          notes: { rssMethod: ours[0].rssMethod },
        };
        // The target is judged against the reference that does what ours does (the data on disk
        // before the file is there); the raw curl figure above shows what the fsync costs.
        const durable = compared(
          { id: 'download.throughputDurable', label: 'same, reference also fsyncs', unit: 'MB/s' },
          throughput.ours, 'curl -o, then sync <file>', spread(curlSynced.map((ms) => mbps(size, ms))),
        );
        durable.target = { text: '≥ 0.8× curl (same durability)', met: (durable.ratio ?? 0) >= 0.8 };
        return [throughput, durable, memory];
      } finally {
        await server.stop();
      }
    });
  },
};
