// What the analytics engine takes and returns: shared by the engine, the worker
// protocol, the console and the CLI. Each module declares its part of the
// calls; EngineCalls joins them, and the worker protocol derives from it.
import type { DatasetCalls } from './dataset';
import type { IntentCalls } from './intent';
import type { LakeCalls } from './lake-sync';
import type { ResultsCalls } from './results';
import type { RfmCalls } from './rfm';
import type { SegmentCalls } from './segments';

export * from './dataset';
export type * from './intent';
export * from './lake-sync';
export type * from './results';
export type * from './rfm';
export type * from './segments';

/** Engine calls: parameters and results, one entry per method. */
export type EngineCalls = DatasetCalls & RfmCalls & SegmentCalls & IntentCalls & LakeCalls & ResultsCalls;
export type EngineMethod = keyof EngineCalls;
