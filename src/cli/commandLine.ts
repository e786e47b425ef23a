// The command line, parsed into typed values before anything touches the network.
// Commander does the parsing; exitOverride turns its exits into an outcome so the entry decides the
// exit code: 0 for --help/--version, 2 for syntax errors (unknown option, missing argument, a value
// that does not validate), never process.exit() from inside the parser.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import * as l10n from '@vscode/l10n';
import type { AspectRatio } from '../chat';
import { version } from '../../package.json';
import type { ScaleMode } from '../localRender';
import { streamTimingFromSeconds, type StreamTiming } from '../nemo/streamTiming';
import { DEFAULT_WEB_BASE, validateBaseUrl, validateWebBaseUrl } from '../nemo/urls';
import type { CliStream } from './output';

export const DEFAULT_API_BASE = 'https://mega-api-prod.nemovideo.ai';

export const RATIOS: readonly AspectRatio[] = ['16:9', '9:16', '1:1'];
const SCALE_MODES: readonly ScaleMode[] = ['fit', 'fill'];

export interface GlobalOptions {
  apiBase: string;
  /** Where the API base came from (nemo doctor says so). */
  apiBaseSource: 'flag' | 'env' | 'default';
  /** Nemo's web editor (`--web-base`, NEMO_WEB_URL): where `nemo open` and the MCP tool send the person. */
  webBase: string;
  outDir: string;
  /** --poll-interval in ms; undefined keeps the client's progress-led schedule. */
  pollIntervalMs?: number;
  newSession: boolean;
  json: boolean;
  /** --auto-answer: the agent's questions get the first option of each (its documented default). */
  autoAnswer: boolean;
  /** The reply stream's limits: --stream-silence / --stream-max (or their variables), else the documented ones. */
  streamTiming: StreamTiming;
}

export interface GenerateOptions {
  ratio?: AspectRatio;
  durationSeconds?: number;
  /** true: --music, false: --no-music, undefined: let the agent decide. */
  music?: boolean;
  export: boolean;
}

export type CliCommand =
  | { name: 'chat'; message: string }
  | { name: 'answer'; text: string }
  | { name: 'generate'; prompt: string; options: GenerateOptions }
  | { name: 'upload'; inputs: string[] }
  | { name: 'export'; fresh: boolean; local: boolean; scale?: ScaleMode }
  | { name: 'credits' }
  | { name: 'status' }
  | { name: 'doctor' }
  | { name: 'open'; browser: boolean }
  | { name: 'mcp' };

export type ParseOutcome =
  | { kind: 'run'; command: CliCommand; global: GlobalOptions }
  | { kind: 'exit'; code: 0 | 2 };

/** Longest video the one-shot path asks for; the agent makes clips, not features. */
const MAX_DURATION_SECONDS = 600;
const MAX_POLL_INTERVAL_SECONDS = 3600;

function positiveSeconds(max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > max) {
      throw new InvalidArgumentError(l10n.t('Expected a number of seconds above 0 and at most {0}.', max));
    }
    return n;
  };
}

/**
 * Validates an address option in place by the client's own rule (https, or plain http only on this
 * machine); a bad one is a syntax error (exit 2) in words that never echo it.
 */
function checkAddress(program: Command, key: 'apiBase' | 'webBase', validate: (raw: string) => string, name: string): void {
  try {
    program.setOptionValueWithSource(key, validate(program.opts<Record<typeof key, string>>()[key]), program.getOptionValueSource(key) ?? 'default');
  } catch (e) {
    program.error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** How a bad stream limit is named: the flag and its variable. */
const STREAM_LIMIT_NAMES = { silence: '--stream-silence / NEMO_STREAM_SILENCE_SECONDS', max: '--stream-max / NEMO_STREAM_MAX_SECONDS' };

/** The stream limits given, judged by the client's one rule (src/nemo/streamTiming.ts); a bad one is a syntax error (exit 2). */
function streamTimingOf(program: Command): StreamTiming {
  const o = program.opts<{ streamSilence?: string; streamMax?: string }>();
  try {
    return streamTimingFromSeconds({ silenceSeconds: o.streamSilence, maxSeconds: o.streamMax }, STREAM_LIMIT_NAMES);
  } catch (e) {
    return program.error(e instanceof Error ? e.message : String(e));
  }
}

function addGenerateOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--ratio <ratio>', l10n.t('aspect ratio')).choices(RATIOS))
    .option('--duration <seconds>', l10n.t('length of the video in seconds'), positiveSeconds(MAX_DURATION_SECONDS))
    .option('--music', l10n.t('add background music'))
    .option('--no-music', l10n.t('no background music'))
    .option('--export', l10n.t('render and download the MP4 when the video is made'));
}

function generateOptionsOf(cmd: Command): GenerateOptions {
  const o = cmd.opts<{ ratio?: AspectRatio; duration?: number; music?: boolean; export?: boolean }>();
  return { ratio: o.ratio, durationSeconds: o.duration, music: o.music, export: o.export === true };
}

function buildProgram(io: { stdout: CliStream; stderr: CliStream }, found: (c: CliCommand) => void): Command {
  const program = new Command('nemo')
    .description(l10n.t('Make and edit videos with the Nemo agent from a terminal.'))
    .version(version, '-V, --version')
    .addOption(new Option('--api-base <url>', l10n.t('Nemo API base URL')).env('NEMO_API_BASE').default(DEFAULT_API_BASE))
    .addOption(new Option('--web-base <url>', l10n.t('address of Nemo\'s web editor (nemo open)')).env('NEMO_WEB_URL').default(DEFAULT_WEB_BASE))
    .option('--out <dir>', l10n.t('folder for exported videos'), './videos')
    .option('--poll-interval <seconds>', l10n.t('fixed wait between status polls (fractions allowed)'), positiveSeconds(MAX_POLL_INTERVAL_SECONDS))
    .option('--new-session', l10n.t('start a new timeline instead of continuing this folder\'s'))
    .option('--json', l10n.t('print one JSON object on stdout at the end; everything else goes to stderr'))
    .option('--auto-answer', l10n.t('when the agent asks a question, answer with the first option of each'))
    .addOption(new Option('--stream-silence <seconds>', l10n.t('a reply of nothing but heartbeats for this long is taken as timed out (default 600; never resent)')).env('NEMO_STREAM_SILENCE_SECONDS'))
    .addOption(new Option('--stream-max <seconds>', l10n.t('the longest a whole reply may stream (default 900)')).env('NEMO_STREAM_MAX_SECONDS'))
    .showHelpAfterError(l10n.t('(add --help for usage)'))
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });

  program.command('chat')
    .description(l10n.t('send a message; export, credits, status and upload requests run those actions'))
    .argument('<message...>', l10n.t('what to ask the agent'))
    .action((words: string[]) => found({ name: 'chat', message: words.join(' ') }));

  program.command('answer')
    .description(l10n.t('answer the agent\'s questions: the text is sent as the next message of this folder\'s session'))
    .argument('<text...>', l10n.t('your answer, e.g. "1. Which style?: Cinematic"'))
    .action((words: string[]) => found({ name: 'answer', text: words.join(' ') }));

  addGenerateOptions(program.command('generate')
    .description(l10n.t('make a video from a prompt (add --export to get the MP4)'))
    .argument('<prompt...>', l10n.t('what the video shows')))
    .action((words: string[], _o, cmd: Command) => found({ name: 'generate', prompt: words.join(' '), options: generateOptionsOf(cmd) }));

  // The public NemoVideo CLI spells it `create --prompt … --export`: same command, its spelling.
  addGenerateOptions(program.command('create')
    .description(l10n.t('same as generate, with the prompt given as --prompt'))
    .requiredOption('--prompt <text>', l10n.t('what the video shows')))
    .action((_o, cmd: Command) => found({ name: 'generate', prompt: cmd.opts<{ prompt: string }>().prompt, options: generateOptionsOf(cmd) }));

  program.command('upload')
    .description(l10n.t('add media files or http(s) URLs to the timeline\'s session'))
    .argument('<fileOrUrl...>', l10n.t('files or URLs'))
    .action((inputs: string[]) => found({ name: 'upload', inputs }));

  program.command('export').description(l10n.t('render the timeline and download the MP4'))
    .option('--new', l10n.t('start a new render instead of resuming the recorded one'))
    .option('--local', l10n.t('render on this machine with ffmpeg instead of the cloud (free)'))
    .addOption(new Option('--scale <mode>', l10n.t('with --local: fit clips inside the frame (letterbox) or fill it (crop)')).choices(SCALE_MODES))
    .action((o: { new?: boolean; local?: boolean; scale?: ScaleMode }) => found({ name: 'export', fresh: o.new === true, local: o.local === true, scale: o.scale }));
  program.command('credits').description(l10n.t('show the credit balance')).action(() => found({ name: 'credits' }));
  program.command('status').description(l10n.t('show the timeline')).action(() => found({ name: 'status' }));
  program.command('doctor')
    .description(l10n.t('check the API base, the service, the token, the balance, ffmpeg and the proxy, and say what to fix (exit 1 if anything needs fixing)'))
    .action(() => found({ name: 'doctor' }));
  program.command('open')
    .description(l10n.t('print a link that opens this folder\'s project in Nemo\'s web editor, and open it in the browser when run in a terminal'))
    .option('--no-browser', l10n.t('only print the link'))
    .action((o: { browser: boolean }) => found({ name: 'open', browser: o.browser }));
  program.command('mcp')
    .description(l10n.t('serve the Nemo tools to an MCP client (Claude Code, Cursor, VS Code) over stdin/stdout'))
    .action(() => found({ name: 'mcp' }));
  return program;
}

function apiBaseSource(source: string | undefined): GlobalOptions['apiBaseSource'] {
  return source === 'env' ? 'env' : source === 'cli' ? 'flag' : 'default';
}

/** Parses `argv` (without node and script). Help, version and syntax errors have been printed when this returns 'exit'. */
/** NEMO_API_BASE is read from process.env by commander. */
export function parseCommandLine(argv: readonly string[], io: { stdout: CliStream; stderr: CliStream }): ParseOutcome {
  let command: CliCommand | undefined;
  let streamTiming: StreamTiming | undefined;
  const program = buildProgram(io, (c) => {
    command = c;
  });
  try {
    program.parse([...argv], { from: 'user' });
    // Checked here, not in an argParser: commander would echo the rejected value whole, and a URL
    // may carry credentials (user:secret@host, ?token=…). validateBaseUrl's words never do.
    if (command) checkAddress(program, 'apiBase', validateBaseUrl, '--api-base / NEMO_API_BASE');
    // Only where it is used: a bad NEMO_WEB_URL left in the environment does not stop `nemo chat`.
    if (command?.name === 'open') checkAddress(program, 'webBase', validateWebBaseUrl, '--web-base / NEMO_WEB_URL');
    if (command) streamTiming = streamTimingOf(program);
  } catch (e) {
    if (e instanceof CommanderError) {
      // 'commander.help' is the help shown for a bare `nemo`: a missing command is a syntax error.
      const ok = e.code === 'commander.helpDisplayed' || e.code === 'commander.version';
      return { kind: 'exit', code: ok ? 0 : 2 };
    }
    throw e;
  }
  if (!command || !streamTiming) {
    program.outputHelp({ error: true });
    return { kind: 'exit', code: 2 };
  }
  const o = program.opts<{ apiBase: string; webBase: string; out: string; pollInterval?: number; newSession?: boolean; json?: boolean; autoAnswer?: boolean }>();
  return {
    kind: 'run',
    command,
    global: {
      apiBase: o.apiBase,
      apiBaseSource: apiBaseSource(program.getOptionValueSource('apiBase')),
      webBase: o.webBase,
      outDir: o.out,
      pollIntervalMs: o.pollInterval === undefined ? undefined : Math.round(o.pollInterval * 1000),
      newSession: o.newSession === true,
      json: o.json === true,
      autoAnswer: o.autoAnswer === true,
      streamTiming,
    },
  };
}
