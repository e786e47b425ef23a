// What dist/client.js exports: the extension loads it lazily (src/extension/client/lazyNemo.ts) and the
// CLI bundles it. Everything a caller needs to drive Nemo and to read its errors.
export { NemoClient, type NemoClientOptions, type SendMessageOptions } from './client';
export { NemoError, isNemoError, isAbort, kindFor, type NemoErrorKind, type NemoErrorInit } from './errors';
export type { StoredToken, TokenStore, ClientIdStore, FixedToken } from './auth';
export { platformFromAppName, type Platform } from './headers';
export { type RequestLogLine, type RetryWait, type Sleep } from './transport';
export { validateBaseUrl, validateWebBaseUrl } from './urls';
export type { ClaimToken, WebEditorLink } from './webEditor';
export { SessionKeeper, type SessionStore, type SessionInfo } from './sessions';
export type { SessionState } from './state';
export type { Credits } from './credits';
export type { Turn } from './turn';
export type { TurnEvent } from './turnEvents';
export type { TurnOutcome, TurnHooks } from './turnRunner';
// The extension builds its proxy dispatcher (http.proxy, HTTPS_PROXY/NO_PROXY) from the same undici
// copy the client uses; a second undici in dist/extension.js would defeat the lazy load.
export { EnvHttpProxyAgent } from 'undici';
export { configureL10n } from './l10nHost';
