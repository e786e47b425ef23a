// What a front end gives the tools: the same client, session and pending-render records the rest of
// it uses (the extension's Services, the CLI's file stores), where the workspace is, and how a saved
// file is named to the model. The tools themselves know neither VS Code nor MCP.
import type { NemoClient } from '../nemo/client';
import type { PendingRender } from '../nemo/exporter';
import type { SessionKeeper } from '../nemo/sessions';
import type { AgentQuestions } from '../chat/questions';

/** Submitted renders not downloaded yet, kept by the front end so a render survives a restart. */
export interface PendingRenderRecords {
  list(): Promise<readonly PendingRender[]>;
  add(job: PendingRender): Promise<void>;
  remove(renderId: string): Promise<void>;
}

/** The question the agent asked at the end of a session's last turn, until it is answered. */
export interface OpenQuestions {
  get(sessionId: string): AgentQuestions | undefined;
  set(sessionId: string, questions: AgentQuestions | undefined): void;
}

/**
 * What a tool did to the session that a view drawing it must follow: the timeline may have changed
 * (a turn, even a failed one, or an upload), or an MP4 of `sessionId` was saved.
 */
export type ToolNews = { kind: 'timeline' } | { kind: 'saved'; file: string; sessionId: string };

/** What a local export (ffmpeg on this machine, src/localRender) needs from the front end. */
export interface LocalRenderSetup {
  /** `nemo.ffmpegPath` in the editor; the CLI has no setting. */
  ffmpegSetting?: string;
  env: NodeJS.ProcessEnv;
  /** Where downloaded media is kept between local exports. */
  cacheDir: string;
}

export interface ToolHost {
  client(): Promise<NemoClient>;
  sessions(): Promise<SessionKeeper>;
  renders: PendingRenderRecords;
  questions: OpenQuestions;
  /** The workspace folder: uploads must come from inside it, exports may go into it. */
  workspaceRoot: string | undefined;
  /** The folder exports go to when the call names none (absolute). */
  exportFolder(): string | undefined;
  /** Set where exporting on this machine is possible. */
  localRender?: LocalRenderSetup;
  /** Nemo's web editor (`nemo.webBaseUrl`, NEMO_WEB_URL / --web-base); checked by the client before use. */
  webBase(): string;
  /** How a saved file is named to the model: absolute (MCP) or workspace-relative (VS Code). */
  showPath(file: string): string;
  /** Where the token came from: decides the words of a refused token or of running out of credits. */
  tokenSource(): 'env' | 'user' | 'anonymous';
  /**
   * May the tool write into / read from this workspace path? (VS Code asks in a restricted
   * workspace; the CLI has no such notion.) False: the tool reports that the person declined.
   */
  mayWrite?(dir: string): Promise<boolean>;
  mayUpload?(paths: readonly string[]): Promise<boolean>;
  /** Told after a tool changed the session or saved its video (the editor redraws its timeline panel). */
  announce?(news: ToolNews): void;
  /** Logs one line (never the token): the extension's log channel, the CLI's stderr. */
  log?(line: string): void;
}

/** What one call gets besides its input. */
export interface ToolCall {
  signal?: AbortSignal;
  /** Progress in words, with a fraction 0..1 when known (MCP notifications; VS Code has none for tools). */
  progress?(message: string, fraction?: number): void;
}

/** A tool's answer: text a model can act on. `ok: false` is a failure the model must read. */
export interface ToolResult {
  ok: boolean;
  text: string;
}

/** The in-memory open questions every front end can use (a question outlives no process). */
export class MemoryOpenQuestions implements OpenQuestions {
  private readonly bySession = new Map<string, AgentQuestions>();
  get(sessionId: string): AgentQuestions | undefined {
    return this.bySession.get(sessionId);
  }
  set(sessionId: string, questions: AgentQuestions | undefined): void {
    if (questions) this.bySession.set(sessionId, questions);
    else this.bySession.delete(sessionId);
  }
}
