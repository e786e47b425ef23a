// What dist/client.js exports: the extension loads it lazily (src/extension/lazyNemo.ts) and the
// CLI bundles it. Everything a caller needs to drive Nemo and to read its errors.
export { NemoClient, type NemoClientOptions, type SendMessageOptions } from './client';
export { NemoError, isNemoError, isAbort, kindFor, type NemoErrorKind, type NemoErrorInit } from './errors';
export type { StoredToken, TokenStore, ClientIdStore, FixedToken } from './auth';
export { platformFromAppName, type Platform } from './headers';
export { validateBaseUrl, type RequestLogLine, type Sleep } from './transport';
export { SessionKeeper, type SessionStore, type SessionInfo } from './sessions';
export type { SessionState } from './state';
export type { Credits } from './credits';
export type { Turn } from './turn';
export type { TurnEvent } from './turnEvents';
export type { TurnOutcome, TurnHooks } from './turnRunner';
