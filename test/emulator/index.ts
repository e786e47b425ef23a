// What tests, the e2e harness, the demo and the benchmarks import.
export { startEmulator, type Emulator, type RecordedRequest } from './server';
export type { EmulatorOptions, ResolvedOptions, SseShape, PollShape, CreditsShape } from './options';
export { FaultScript, type FaultRule, type FaultAction } from './faults';
export type { RenderJob, RenderStatus } from './renders';
export type { Session, User, TokenRecord } from './store';
export { GENERATION_COST, EDIT_COST } from './agent';
export { ACCEPTED as ACCEPTED_UPLOAD_TYPES } from './uploads';
