// What every handler of one emulator shares: its options (live: the control API patches them),
// the in-memory state, the MP4 encoder and the turn counters. One object per emulator, handed to
// each route, so a new endpoint needs no new wiring.

import type { ResolvedOptions } from './options';
import { Mp4Renderer, resolveFfmpeg } from './ffmpeg';
import type { RenderJob } from './renders';
import { Store } from './store';
import type { TurnContext } from './turns';

export class EmulatorWorld {
  readonly store = new Store();
  readonly renders = new Map<string, RenderJob>();
  readonly renderer: Mp4Renderer;
  /** Aborted when the emulator closes: running turns stop instead of keeping the process alive. */
  readonly closing = new AbortController();
  /** The render output origin, known once its server listens. */
  cdnUrl = '';
  readonly turns: TurnContext;
  private turnCounter = 0;
  private editTurns = 0;
  private bulkBytes = 0;

  constructor(readonly options: ResolvedOptions) {
    this.renderer = new Mp4Renderer(() => resolveFfmpeg(options.ffmpegPath), () => this.cdnUrl);
    const cdnUrl = () => this.cdnUrl;
    this.turns = {
      options,
      get mediaBase() {
        return cdnUrl();
      },
      closing: this.closing.signal,
      nextCounter: () => ++this.turnCounter,
      nextEditIsSilent: () => {
        // Deterministic share: edit n is silent when floor(n·share) steps up.
        this.editTurns += 1;
        const share = options.silentEditShare;
        return Math.floor(this.editTurns * share) > Math.floor((this.editTurns - 1) * share);
      },
    };
  }

  /** The next run_sse streams about this many bytes of events, as fast as the socket takes them. */
  queueBulkStream(bytes: number): void {
    this.bulkBytes = bytes;
  }

  /** The queued bulk size, once (0 when none is queued). */
  takeBulkStream(): number {
    const bytes = this.bulkBytes;
    this.bulkBytes = 0;
    return bytes;
  }

  /** Forgets users, sessions, renders and counters (options stay). */
  reset(): void {
    this.store.clear();
    this.renders.clear();
    this.bulkBytes = 0;
    this.turnCounter = 0;
    this.editTurns = 0;
  }
}
