// Export latency through the editor's own settings path: the vscode stand-in (which answers
// package.json's defaults as VS Code does), readSettings and ClientProvider build the client exactly
// as the extension does, and client.exportVideo runs against the emulator (in this process) with
// renders of 30-90 s reporting progress in each of its uneven ways. The client's sleep fast-forwards
// the emulator's renders instead of waiting, so a minute of render time takes milliseconds while
// every request, the download and the file on disk are real. Nothing set (the progress-led schedule)
// against the setting at 30 (what every editor export did while the setting had a default of 30).
// Figure: completion → file on disk = how far past its end the completing poll came (render time)
// plus the real time from that poll's answer to the file renamed into place (a 1 s, 320×180 MP4 here).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NemoClient } from '../src/nemo';
import { startEmulator, type Emulator } from '../test/emulator';
import { PROGRESS_MODES, type ProgressMode } from '../test/emulator/progressModes';
import { SMALL_DRAFT } from '../test/unit/nemo/renderDrafts';
import { compared, type BenchContext, type Figure } from './figures';
import { evenlySpread, mean, spread } from './stats';

interface Outcome { latencyMs: number; polls: number }

/** The client the extension would build with `pollIntervalSeconds` as given (undefined = unset). */
async function editorClient(emu: Emulator, dir: string, pollIntervalSeconds: number | undefined): Promise<NemoClient> {
  await import('../test/support/vscode/register');
  const stub = await import('../test/support/vscode/index');
  const { ClientProvider } = await import('../src/extension/client/clientProvider');
  const { NemoLog } = await import('../src/extension/core/log');
  stub.resetConfig();
  stub.setConfig('nemo.apiBaseUrl', emu.url);
  stub.setConfig('nemo.pollIntervalSeconds', pollIntervalSeconds);
  const storage = { workspaceState: new Map(), globalState: new Map(), secrets: new Map<string, string>(), globalStorageDir: join(dir, 'global') };
  storage.secrets.set(`nemo.personalToken:${emu.url}`, emu.issueToken().token);
  const context = stub.makeContext(storage, join(dir, 'extension'));
  const log = new NemoLog(new stub.LogChannel('Nemo'));
  const sleep = async (ms: number): Promise<void> => {
    // The MP4 first (an encode takes real time), so a render's end is set by its time alone.
    await emu.waitFor(() => [...emu.renders.values()].every((j) => j.file !== undefined || j.failure !== undefined), 60_000);
    emu.fastForwardRenders(ms);
  };
  type Context = ConstructorParameters<typeof ClientProvider>[0];
  return new ClientProvider(context as unknown as Context, log, {}, { sleep }).get();
}

async function exportOnce(emu: Emulator, client: NemoClient, outDir: string, renderMs: number): Promise<Outcome> {
  emu.setOptions({ renderMs });
  const { sessionId } = await client.createSession();
  emu.setDraft(sessionId, SMALL_DRAFT);
  let answeredAt = 0;
  const saved = await client.exportVideo(sessionId, {
    outDir,
    onStage: (s) => {
      if (s.stage === 'downloading' && answeredAt === 0) answeredAt = performance.now();
    },
  });
  const downloadMs = performance.now() - answeredAt;
  await rm(saved.file, { force: true });
  const job = emu.renders.get(saved.renderId)!;
  return { latencyMs: job.completedAt! - job.createdAt - renderMs + downloadMs, polls: job.polls };
}

export async function editorPathFigures(ctx: BenchContext): Promise<Figure[]> {
  // Render times spread evenly over 30-90 s, the same in every mode. An even count keeps the median
  // render off 60 s, where fixed 30 s polling's answer flips between 0 and 30 s late. (Three seeded
  // draws, 42, 86 and 55 s, once gave fixed polling a median of 4.8 s late instead of its true 15.)
  const perMode = ctx.quick ? 6 : 16;
  const dir = await mkdtemp(join(tmpdir(), 'nemo-bench-editor-'));
  const emu = await startEmulator({ turnDelayMs: 0 });
  try {
    const adaptive = await editorClient(emu, join(dir, 'unset'), undefined);
    const fixed = await editorClient(emu, join(dir, 'fixed'), 30);
    const figures: Figure[] = [];
    for (const mode of PROGRESS_MODES) {
      emu.setOptions({ progressMode: mode as ProgressMode });
      const ours: Outcome[] = [];
      const refs: Outcome[] = [];
      for (const renderMs of evenlySpread(30_000, 90_000, perMode)) {
        ours.push(await exportOnce(emu, adaptive, join(dir, 'out'), renderMs));
        refs.push(await exportOnce(emu, fixed, join(dir, 'out'), renderMs));
      }
      const label = `editor settings path, 30–90 s, ${mode}`;
      const latency = compared(
        { id: `export.editor.${mode}.latency`, label: `${label}: completion → file on disk`, unit: 's', notes: { renders: perMode } },
        spread(ours.map((o) => o.latencyMs / 1000)), 'nemo.pollIntervalSeconds = 30 (the old default)', spread(refs.map((o) => o.latencyMs / 1000)),
      );
      latency.target = { text: '≤ 0.2× fixed', met: (latency.ratio ?? Infinity) <= 0.2 };
      const polls = compared(
        { id: `export.editor.${mode}.polls`, label: `${label}: polls made`, unit: 'polls' },
        spread(ours.map((o) => o.polls)), 'nemo.pollIntervalSeconds = 30', spread(refs.map((o) => o.polls)),
      );
      const meanRatio = mean(ours.map((o) => o.polls)) / mean(refs.map((o) => o.polls));
      polls.notes = { meanRatio: Math.round(meanRatio * 100) / 100 };
      polls.target = { text: '≤ 2× fixed (median and mean)', met: (polls.ratio ?? Infinity) <= 2 && meanRatio <= 2 };
      figures.push(latency, polls);
      ctx.log(`editor path, ${mode}: median ${latency.ours.median.toFixed(2)} s vs ${latency.reference!.spread.median.toFixed(2)} s, polls ${polls.ours.median} vs ${polls.reference!.spread.median}`);
    }
    return figures;
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
}
