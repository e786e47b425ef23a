// The emulator in a process of its own, so the server's work never shares the event loop (or the
// CPU accounting) of the client being measured. Prints its addresses, stops on SIGTERM.
import { startEmulator } from '../../test/emulator';
import { reportResult } from './children';

startEmulator({ turnDelayMs: 0, heartbeatMs: 60_000 }).then(
  (emu) => {
    reportResult({ url: emu.url, cdnUrl: emu.cdnUrl });
    process.on('SIGTERM', () => void emu.close().then(() => process.exit(0)));
  },
  (err: Error) => {
    process.stderr.write(`emulator failed to start: ${err.message}\n`);
    process.exit(1);
  },
);
