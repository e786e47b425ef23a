// `npm run emulator`: runs the emulator by hand and prints where it listens.
import { Command, InvalidArgumentError } from 'commander';
import { startEmulator } from './index';

function int(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
}

function share(value: string): number {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError('expected a number within 0..1');
  return n;
}

const program = new Command('emulator')
  .description('A local Nemo backend with fault injection (control API under /__emulator/).')
  .option('--port <n>', 'API port (0 = random)', int, 0)
  .option('--cdn-port <n>', 'render output port (0 = random)', int, 0)
  .option('--render-ms <n>', 'time a render takes', int, 3000)
  .option('--turn-delay-ms <n>', 'pacing between streamed events', int, 20)
  .option('--heartbeat-ms <n>', 'keep-alive interval during a turn', int, 1000)
  .option('--sse-shape <shape>', 'nemo | adk', 'nemo')
  .option('--poll-shape <shape>', 'data | top | task', 'data')
  .option('--silent-share <share>', 'share of edit turns with no text (0..1)', share, 0)
  .parse();

const o = program.opts<{ port: number; cdnPort: number; renderMs: number; turnDelayMs: number; heartbeatMs: number; sseShape: string; pollShape: string; silentShare: number }>();

startEmulator({
  port: o.port,
  cdnPort: o.cdnPort,
  renderMs: o.renderMs,
  turnDelayMs: o.turnDelayMs,
  heartbeatMs: o.heartbeatMs,
  sseShape: o.sseShape as 'nemo' | 'adk',
  pollShape: o.pollShape as 'data' | 'top' | 'task',
  silentEditShare: o.silentShare,
}).then(
  (emu) => {
    console.log(emu.url);
    console.error(`Nemo emulator: API ${emu.url}, render outputs ${emu.cdnUrl}. Ctrl+C stops it.`);
    const stop = () => void emu.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  },
  (err: Error) => {
    console.error(`Emulator failed to start: ${err.message}`);
    process.exit(1);
  },
);
