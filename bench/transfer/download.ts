// 4. Download: a large render output (a sparse MP4 served by a loopback origin in its own process)
// saved by our download code (temp file beside the target, size check, fsync, rename) and by
// `curl -o` (which does none of that) to the same temp dir. Each output is deleted before the next.
// Our writer fsyncs before the rename and curl does not, so a second reference adds `sync <file>`
// to curl's time: the same durability as ours. The target is judged against that one; the raw
// `curl -o` figure is shown beside it, and so is undici reading the body and discarding it (no file
// at all): the most any downloader built on undici could reach here, and the memory that reading costs.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { compared, type Benchmark } from '../figures';
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
        const undici: TransferSample[] = [];
        const curl: number[] = [];
        const curlSynced: number[] = [];
        const url = server.info.url;
        const dest = join(dir, 'out.mp4');
        const runCurl = async (): Promise<void> => {
          const c = await curlDownload(url, dest);
          const synced = await runCommand('sync', [dest]);
          await rm(dest, { force: true });
          if (c.status !== 200 || c.bytes !== size) throw new Error(`curl download: HTTP ${c.status}, ${c.bytes} bytes`);
          curl.push(c.ms);
          curlSynced.push(c.ms + synced.ms);
        };
        const runOurs = async (): Promise<void> => {
          const o = await runForResult<TransferSample>(CHILD, ['download-ours', url, dest], { nodeArgs: [...TSX, '--expose-gc'] });
          await rm(dest, { force: true });
          if (o.bytes !== size) throw new Error(`our download saved ${o.bytes} bytes`);
          ours.push(o);
        };
        const runUndici = async (): Promise<void> => {
          const u = await runForResult<TransferSample>(CHILD, ['download-undici', url], { nodeArgs: [...TSX, '--expose-gc'] });
          if (u.bytes !== size) throw new Error(`undici read ${u.bytes} bytes`);
          undici.push(u);
        };
        const order = [runCurl, runOurs, runUndici];
        for (let i = 0; i < reps; i++) {
          // Rotated, so no reader always follows the deletion (and the disk's writeback) of the
          // 500 MB the one before it wrote.
          for (let k = 0; k < order.length; k++) await order[(i + k) % order.length]();
          const [o, u, c] = [ours[i], undici[i], curl[i]];
          ctx.log(`#${i + 1}: ours ${mbps(size, o.ms).toFixed(0)} MB/s (+${mib(o.rssGrowthBytes).toFixed(1)} MiB RSS), curl ${mbps(size, c).toFixed(0)} MB/s, undici read-and-discard ${mbps(size, u.ms).toFixed(0)} MB/s (+${mib(u.rssGrowthBytes).toFixed(1)} MiB RSS)`);
        }
        const throughput = compared(
          { id: 'download.throughput', label: `${size / MB} MB output: throughput`, unit: 'MB/s', notes: { fileBytes: size } },
          spread(ours.map((s) => mbps(size, s.ms))), 'curl -o', spread(curl.map((ms) => mbps(size, ms))),
        );

        const memory = compared(
          { id: 'download.rss', label: 'peak RSS growth', unit: 'MiB', notes: { rssMethod: ours[0].rssMethod } },
          spread(ours.map((s) => mib(s.rssGrowthBytes))), 'undici request, body read and discarded', spread(undici.map((s) => mib(s.rssGrowthBytes))),
        );
        memory.target = { text: 'constant (≤ 64 MiB)', met: memory.ours.max <= 64 };
        // What reading the socket alone costs in Node: the part of the gap to curl that no writer can close.
        const floor = compared(
          { id: 'download.undiciFloor', label: 'undici read-and-discard: throughput', unit: 'MB/s' },
          spread(undici.map((s) => mbps(size, s.ms))), 'curl -o', spread(curl.map((ms) => mbps(size, ms))),
        );
        // The target is judged against the reference that does what ours does (the data on disk
        // before the file is there); the raw curl figure above shows what the fsync costs.
        const durable = compared(
          { id: 'download.throughputDurable', label: 'same, reference also fsyncs', unit: 'MB/s' },
          throughput.ours, 'curl -o, then sync <file>', spread(curlSynced.map((ms) => mbps(size, ms))),
        );
        durable.target = { text: '≥ 0.8× curl (same durability)', met: (durable.ratio ?? 0) >= 0.8 };
        const overFloor = compared(
          { id: 'download.throughputVsUndici', label: 'same, against reading alone', unit: 'MB/s' },
          throughput.ours, 'undici read-and-discard', floor.ours,
        );
        return [throughput, durable, overFloor, memory, floor];
      } finally {
        await server.stop();
      }
    });
  },
};
