// The whole `nemo` run, as a function of its inputs (argv, env, cwd, streams) that returns the exit
// code: 0 success, 1 a failed operation (one line on stderr: what failed, why, what to do), 2 a
// command-line syntax error, 128 + the signal when stopped (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP). src/cli.ts only wires it to the process.
import { constants as osConstants } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import * as l10n from '@vscode/l10n';
import { routeIntent, stoppedTurnWords, toUserMessage, translateGuiPhrases, type Operation } from '../chat';
import { isAbort, isNemoError } from '../nemo/errors';
import { parseCommandLine, type CliCommand } from './commandLine';
import { runAnswer, runChat } from './commands/chat';
import { runCredits } from './commands/credits';
import { runDoctorCommand } from './commands/doctor';
import { runExport } from './commands/export';
import { runGenerate } from './commands/generate';
import { runMcp } from './commands/mcp';
import { runOpen } from './commands/open';
import { runStatus } from './commands/status';
import { runUpload } from './commands/upload';
import { createContext, type CliContext } from './context';
import { configureL10n, languageFromEnv } from './language';
import { CliOutput, type CliStreams } from './output';

export interface CliRunInput extends CliStreams {
  /** The process's own streams, for `nemo mcp` (JSON-RPC in and out); other commands never read stdin. */
  stdio?: { stdin: Readable; stdout: Writable };
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Where bundle.l10n.zh-cn.json lives. */
  l10nDir: string;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

const EXIT_OK = 0;
const EXIT_FAILED = 1;
/**
 * 128 + the signal that stopped the run, what shells expect: 130 for Ctrl-C, 143 for SIGTERM, 129
 * for SIGHUP. src/cli.ts aborts with the signal's name as the reason; anything else counts as Ctrl-C.
 */
function interruptedExit(reason: unknown): number {
  const number = typeof reason === 'string' ? osConstants.signals[reason as NodeJS.Signals] : undefined;
  return 128 + (number ?? osConstants.signals.SIGINT);
}

/** Runs the command; its exit code (doctor's depends on what it found, the others succeed or throw). */
async function dispatch(ctx: CliContext, c: CliCommand, input: CliRunInput): Promise<number> {
  switch (c.name) {
    case 'chat': await runChat(ctx, c.message, { newSession: ctx.global.newSession }); break;
    case 'answer': await runAnswer(ctx, c.text); break;
    case 'generate': await runGenerate(ctx, c.prompt, c.options); break;
    case 'upload': await runUpload(ctx, c.inputs); break;
    case 'export': await runExport(ctx, c); break;
    case 'credits': await runCredits(ctx); break;
    case 'status': await runStatus(ctx); break;
    case 'doctor': return (await runDoctorCommand(ctx)) ? EXIT_OK : EXIT_FAILED;
    case 'open': await runOpen(ctx, { browser: c.browser, stdout: input.stdout }); break;
    case 'mcp':
      if (!input.stdio) throw new Error(l10n.t('nemo mcp needs the process\'s stdin and stdout.'));
      await runMcp(ctx, input, input.stdio);
      break;
  }
  return EXIT_OK;
}

/**
 * `--new-session`: a command that works on this folder's timeline starts a new one first. `generate`
 * always starts one itself, and `credits` and `doctor` have no timeline.
 */
function startsNewSession(c: CliCommand): boolean {
  // A message to the agent starts its own (runChat), kept only when the turn is not refused.
  if (c.name === 'chat' && routeIntent(c.message) === 'message') return false;
  // An answer continues the session that asked; open shows the project there is.
  return c.name !== 'generate' && c.name !== 'credits' && c.name !== 'doctor' && c.name !== 'answer' && c.name !== 'open';
}

/** What the failure line names and what it suggests doing next. */
function failureContext(c: CliCommand): { operation: Operation; retryHint: string; localExportHint: string } {
  return { ...failureWords(c), localExportHint: 'nemo export --local' };
}

function failureWords(c: CliCommand): { operation: Operation; retryHint: string } {
  switch (c.name) {
    case 'chat': return { operation: 'chat', retryHint: l10n.t('Run nemo chat again.') };
    case 'answer': return { operation: 'chat', retryHint: l10n.t('Run nemo answer again.') };
    case 'generate': return { operation: 'chat', retryHint: l10n.t('Run nemo generate again.') };
    case 'upload': return { operation: 'upload', retryHint: l10n.t('Run nemo upload again.') };
    case 'export': return { operation: 'export', retryHint: l10n.t('Run nemo export again.') };
    case 'credits': return { operation: 'credits', retryHint: l10n.t('Run nemo credits again.') };
    case 'status': return { operation: 'status', retryHint: l10n.t('Run nemo status again.') };
    case 'doctor': return { operation: 'connect', retryHint: l10n.t('Run nemo doctor again.') };
    case 'open': return { operation: 'open', retryHint: l10n.t('Run nemo open again.') };
    case 'mcp': return { operation: 'connect', retryHint: l10n.t('Restart nemo mcp.') };
  }
}

/** The one failure line: what failed, why, what to do. */
async function failureLine(ctx: CliContext, c: CliCommand, e: unknown): Promise<string> {
  const tokenSource = ctx.fixedToken ? 'env' : 'anonymous';
  // The registration link for an anonymous user out of credits needs their id (the token is cached).
  const anonymousUserId = isNemoError(e) && e.kind === 'out-of-credits' && !ctx.fixedToken
    ? await ctx.client.identity().then((i) => i.userId, () => undefined)
    : undefined;
  const tokenEntryHint = l10n.t('Set NEMO_TOKEN to a personal token from Nemo\'s web app (Settings → API Tokens), then run the command again.');
  const storeFolder = { path: ctx.home, hint: l10n.t('Or set NEMO_HOME to a folder you can write, then run the command again.') };
  // One line already, cleaned and redacted (toUserMessage); the tokens of this run too (out.note).
  return toUserMessage(e, { ...failureContext(c), tokenSource, anonymousUserId, tokenEntryHint, storeFolder });
}

export async function runCli(input: CliRunInput): Promise<number> {
  const language = languageFromEnv(input.env);
  configureL10n(language, input.l10nDir);
  const parsed = parseCommandLine(input.argv, input);
  if (parsed.kind === 'exit') return parsed.code;

  // The agent may talk as if there were a web editor ("click the Export button"): say what works here.
  const out = new CliOutput(input, parsed.global.json, (t) => translateGuiPhrases(t).text);
  const ctx = createContext({ global: parsed.global, env: input.env, cwd: input.cwd, language, out, signal: input.signal, ...(input.stdio ? { stdin: input.stdio.stdin } : {}) });
  try {
    if (parsed.global.newSession && startsNewSession(parsed.command)) await ctx.sessions.startNew(ctx.signal);
    return await dispatch(ctx, parsed.command, input);
  } catch (e) {
    out.clearProgress();
    out.endReply();
    if (input.signal.aborted && isAbort(e)) {
      // A turn stopped after it was sent may still run: say so, and how to look (never "run it again").
      for (const line of stoppedTurnWords(e)) out.note(line);
      return interruptedExit(input.signal.reason);
    }
    out.note(await failureLine(ctx, parsed.command, e));
    return EXIT_FAILED;
  } finally {
    await ctx.close();
  }
}
