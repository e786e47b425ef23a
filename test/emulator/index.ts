// What tests, the e2e harness, the demo and the benchmarks import.
export { startEmulator, type Emulator } from './server';
export type { EmulatorOptions, SseShape } from './options';
export type { FaultAction } from './faults';
export { GENERATION_COST } from './agent';
