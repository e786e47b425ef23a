// What every command runs on: one NemoClient with the CLI's file stores, the folder's session
// keeper, the output, and one undici Agent that is closed at the end so no socket keeps the
// process alive after its work is done.
import * as l10n from '@vscode/l10n';
import type { Readable } from 'node:stream';
import { Agent, EnvHttpProxyAgent } from 'undici';
import { version } from '../../package.json';
import { retryWaitWords } from '../chat';
import { NemoClient } from '../nemo/client';
import { chooseProxy, proxyFor } from '../nemo/proxy';
import type { SessionKeeper } from '../nemo/sessions';
import type { GlobalOptions } from './commandLine';
import { FileClientIdStore, FilePendingRenderStore, FileSessionStore, FileTokenStore } from './fileStores';
import type { CliLanguage } from './language';
import type { CliOutput } from './output';
import { nemoHome } from './privateFiles';
import { FileTurnLocks } from './turnFileLocks';

export interface CliContext {
  client: NemoClient;
  sessions: SessionKeeper;
  /** A render submitted from this folder and not downloaded yet. */
  pendingRender: FilePendingRenderStore;
  out: CliOutput;
  global: GlobalOptions;
  /** True when NEMO_TOKEN is used: wording for 1001 and 2001 differs. */
  fixedToken: boolean;
  /** The proxy requests to the API go through (HTTPS_PROXY / HTTP_PROXY, unless NO_PROXY covers it). */
  proxyUrl?: string;
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C: the stream closes, a running render is cancelled. */
  signal: AbortSignal;
  /** $NEMO_HOME: the stores, and the media cache of local exports. */
  home: string;
  /** Where a person at a terminal types answers (the agent's questions); absent or not a TTY: nobody. */
  stdin?: Readable & { isTTY?: boolean };
  close(): Promise<void>;
}

export interface ContextInput {
  global: GlobalOptions;
  env: NodeJS.ProcessEnv;
  cwd: string;
  language: CliLanguage;
  out: CliOutput;
  signal: AbortSignal;
  stdin?: Readable & { isTTY?: boolean };
}

export function createContext({ global, env, cwd, language, out, signal, stdin }: ContextInput): CliContext {
  const home = nemoHome(env);
  // The same proxy rule as the editor (minus its http.proxy setting): the environment's.
  const proxy = chooseProxy(undefined, env);
  const dispatcher = proxy ? new EnvHttpProxyAgent(proxy) : new Agent();
  const envToken = env.NEMO_TOKEN?.trim();
  out.secrets.add(envToken);
  const client = new NemoClient({
    baseUrl: global.apiBase,
    platform: 'cli',
    version,
    tokens: new FileTokenStore(home, (token) => out.secrets.add(token)),
    clientIds: new FileClientIdStore(home),
    clientId: env.NEMO_CLIENT_ID,
    fixedToken: envToken ? { token: envToken, source: 'env' } : undefined,
    language,
    pollIntervalMs: global.pollIntervalMs,
    streamTiming: global.streamTiming,
    dispatcher,
    // A wait over a second is said on stderr (with --json too); Ctrl-C stops it like anything else.
    onWait: (wait) => out.note(`${retryWaitWords(wait)} ${l10n.t('Press Ctrl-C to stop.')}`),
    // One turn at a time per session across every nemo run on this machine.
    turnLocks: new FileTurnLocks(home, global.apiBase),
  });
  // Said with or without --json: the person must know their earlier edits are not in this timeline.
  const sessions = client.sessionKeeper(new FileSessionStore(home, global.apiBase, cwd),
    (oldId) => out.note(l10n.t('Session {0} not found: the old timeline is gone; started a new session.', oldId)));
  return {
    client,
    sessions,
    pendingRender: new FilePendingRenderStore(home, global.apiBase, cwd),
    out,
    global,
    fixedToken: envToken !== undefined && envToken !== '',
    proxyUrl: proxyFor(proxy, global.apiBase),
    env,
    signal,
    home,
    ...(stdin ? { stdin } : {}),
    close: () => dispatcher.close(),
  };
}
