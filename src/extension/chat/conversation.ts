// One streaming turn, shared by the chat participant and the commands (timeline panel): progress
// in words, the agent's text as it arrives (GUI phrases translated sentence by sentence, so a
// phrase is never split between two deltas), then what the turn came to (src/chat's readTurn).
import * as vscode from 'vscode';
import { SentenceStream, brokenProgress, describeTool, describeToolResult, readTurn, slashCommand, translateGuiPhrases, turnQueuedWords, type GuiAction, type TurnReading } from '../../chat';
import type { TurnOutcome } from '../../nemo';
import type { Services, SessionLost } from '../core/services';

export interface TurnSink {
  progress(message: string): void;
  /** Agent text, already translated; not yet defused (the sink decides how to show it). */
  text(chunk: string): void;
}

export interface TurnReport {
  outcome: TurnOutcome;
  /** What the turn came to; `reading.error` (a failed turn) is for the caller to report as a failure. */
  reading: TurnReading;
  /** Closing lines: session lost, interruption, what changed, credits, timeline summary. */
  closing: string[];
  /** GUI actions the agent asked for ("click Export"): the caller offers them. */
  actions: GuiAction[];
}

/**
 * A message that asks for a new video rather than an edit: safe to resend in a new session after
 * the old one was lost (an edit of a lost timeline never is). The slash command, when given, decides.
 */
export function isNewGeneration(prompt: string, command?: string): boolean {
  const generation = slashCommand(command)?.generation;
  if (generation) return generation === 'new';
  return /\b(generate|create|make)\b.*\bvideo\b|生成|制作/i.test(prompt);
}

/** Buffers deltas and releases whole sentences (src/chat's SentenceStream), translated. */
export class SentenceTranslator {
  private readonly sentences = new SentenceStream();
  readonly actions: GuiAction[] = [];
  constructor(private readonly out: (text: string) => void) {}
  push(delta: string): void {
    const done = this.sentences.push(delta);
    if (done) this.emit(done);
  }
  flush(): void {
    const rest = this.sentences.flush();
    if (rest) this.emit(rest);
  }
  private emit(text: string): void {
    const t = translateGuiPhrases(text);
    this.actions.push(...t.actions);
    this.out(t.text);
  }
}

/** What a turn uses of the window. */
export type TurnDeps = Pick<Services, 'clients' | 'sessionKeeper' | 'onSessionLost' | 'credits' | 'events'>;

/** Runs one turn; when it finishes, `events.onDidFinishTurn` tells whoever follows the session. */
export async function runConversationTurn(
  s: TurnDeps,
  message: string,
  sink: TurnSink,
  opts: { signal: AbortSignal; newGeneration: boolean },
): Promise<TurnReport> {
  sink.progress(vscode.l10n.t('Connecting…'));
  const client = await s.clients.get();
  const keeper = await s.sessionKeeper();
  let lost: SessionLost | undefined;
  const lostListener = s.onSessionLost((e) => (lost = e));
  const lines = new SentenceTranslator((t) => sink.text(t));
  let outcome: TurnOutcome;
  try {
    outcome = await client.runTurn(keeper, message, {
      signal: opts.signal,
      withCredits: true,
      safeToRetryOnLostSession: opts.newGeneration,
      onEvent: (e) => {
        if (e.type === 'text') lines.push(e.text);
        else if (e.type === 'tool_call') sink.progress(describeTool(e.name));
        else if (e.type === 'tool_result') {
          const done = describeToolResult(e.name);
          if (done) sink.progress(done);
        }
      },
      onStillWorking: () => sink.progress(vscode.l10n.t('Still working…')),
      onWaitingForTurn: () => sink.progress(turnQueuedWords()),
      onBroken: (err) => sink.progress(brokenProgress(err)),
    });
  } finally {
    lostListener.dispose();
  }
  lines.flush();

  if (outcome.creditsAfter) s.credits.update(outcome.creditsAfter);
  s.events.fireTurnFinished(outcome);
  const reading = readTurn(outcome, { resentAfterLostSession: lost !== undefined });
  return { outcome, reading, closing: reading.closing, actions: lines.actions };
}
