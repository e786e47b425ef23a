// Builds the NemoClient from the current settings and tokens, once, and again only when something
// it was built from changes (a setting, Set Token…, Sign Out). The first call loads the client bundle.
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { Dispatcher } from 'undici';
import type { NemoClient, NemoClientOptions } from '../../nemo';
import { NemoError } from '../../nemo/errors';
import { loadNemo, type Nemo } from './lazyNemo';
import { showRetryWait } from './retryWaitNotice';
import type { NemoLog } from '../core/log';
import { detectLanguage, detectPlatform } from './platform';
import { chooseProxy, type ProxyChoice } from '../../nemo/proxy';
import { GlobalStateClientIdStore, PersonalTokenStore, SecretTokenStore, fixedTokenFor } from '../auth/secretStores';
import { checkBaseUrl, readSettings, STREAM_LIMIT_SETTINGS } from '../core/settings';
import { streamTimingFromSeconds } from '../../nemo/streamTiming';

export type IdentitySource = 'env' | 'user' | 'anonymous';

export type ClientTuning = Pick<NemoClientOptions, 'stillWorkingMs' | 'streamTiming' | 'pollIntervalMs' | 'sleep'>;

interface Built {
  key: string;
  client: NemoClient;
  baseUrl: string;
  source: IdentitySource;
}

export class ClientProvider {
  readonly personalTokens: PersonalTokenStore;
  private built: Built | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: NemoLog,
    private readonly env: NodeJS.ProcessEnv = process.env,
    /** Timing knobs for tests (a short "still working" interval, say); never tokens or the base URL. */
    private readonly tuning: ClientTuning = {},
  ) {
    this.personalTokens = new PersonalTokenStore(context.secrets);
  }

  /** The validated API base URL; throws a NemoError with the reason when the setting is unusable. */
  baseUrl(): string {
    const check = checkBaseUrl(readSettings().apiBaseUrl);
    if (!check.ok) throw new NemoError('invalid-input', check.reason, { details: { setting: 'nemo.apiBaseUrl' } });
    return check.url;
  }

  async get(): Promise<NemoClient> {
    const settings = readSettings();
    const baseUrl = this.baseUrl();
    const fixed = await fixedTokenFor(this.env, this.personalTokens, baseUrl);
    this.log.addSecret(fixed?.token);
    // A bad limit is said (naming the setting) before anything is sent, never silently replaced.
    const timing = streamTimingFromSeconds({ silenceSeconds: settings.streamSilenceSeconds, maxSeconds: settings.streamMaxSeconds }, STREAM_LIMIT_SETTINGS);
    const language = detectLanguage(settings.language, vscode.env.language);
    const httpProxy = vscode.workspace.getConfiguration('http').get<string>('proxy');
    const proxy = chooseProxy(httpProxy, this.env);
    // The token enters the cache key only as a hash: the key is plain data that could end up anywhere.
    const tokenHash = fixed ? createHash('sha256').update(fixed.token).digest('hex') : undefined;
    const key = JSON.stringify([baseUrl, fixed?.source, tokenHash, language, settings.pollIntervalSeconds, proxy, timing]);
    if (this.built?.key === key) return this.built.client;

    const nemo = loadNemo();
    const tokens = new SecretTokenStore(this.context.secrets, (t) => this.log.addSecret(t));
    const client = new nemo.NemoClient({
      baseUrl,
      platform: detectPlatform(vscode.env.appName, vscode.env.uriScheme),
      version: String((this.context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0'),
      tokens,
      clientIds: new GlobalStateClientIdStore(this.context.globalState),
      // NEMO_CLIENT_ID, like the CLI: one installation id shared with Nemo's own tools on this machine.
      ...(this.env.NEMO_CLIENT_ID?.trim() ? { clientId: this.env.NEMO_CLIENT_ID.trim() } : {}),
      ...(fixed ? { fixedToken: fixed } : {}),
      language,
      ...(settings.pollIntervalSeconds ? { pollIntervalMs: settings.pollIntervalSeconds * 1000 } : {}),
      streamTiming: timing,
      log: (line) => this.log.request(line),
      onWait: (wait) => showRetryWait(wait),
      ...(proxy ? { dispatcher: makeDispatcher(nemo, proxy) } : {}),
      ...this.tuning,
    });
    this.built = { key, client, baseUrl, source: fixed ? fixed.source : 'anonymous' };
    this.log.info(`Nemo client for ${baseUrl} (${this.built.source} token${proxy ? ', via proxy' : ''})`);
    return client;
  }

  /** Which kind of token the last built client uses. */
  source(): IdentitySource {
    return this.built?.source ?? 'anonymous';
  }

  /** Forget the client so the next get() rebuilds it (after a token or setting change). */
  invalidate(): void {
    this.built = undefined;
  }
}

/** The proxy agent comes from the client bundle, which re-exports undici's EnvHttpProxyAgent. */
function makeDispatcher(nemo: Nemo, proxy: ProxyChoice): Dispatcher {
  return new nemo.EnvHttpProxyAgent(proxy);
}
