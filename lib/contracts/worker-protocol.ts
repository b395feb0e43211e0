// The analytics worker's protocol, in one file.
// The page sends calls with ids; the worker answers each id with a result or
// an error, and may send progress for it before. A `cancel` stops a running
// call (the client sends it when a newer call replaces an older one).
import type { EngineCalls, EngineMethod, LoadProgress } from './analytics';

export type WorkerCall<K extends EngineMethod = EngineMethod> = {
  [M in K]: { type: 'call'; id: number; method: M; params: EngineCalls[M]['params'] };
}[K];

export type WorkerRequest = WorkerCall | { type: 'cancel'; id: number };

/** Errors cross the boundary as plain data; `name` keeps AbortError recognisable. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

export type WorkerResult<K extends EngineMethod = EngineMethod> = {
  [M in K]: { type: 'result'; id: number; method: M; result: EngineCalls[M]['result'] };
}[K];

export type WorkerResponse =
  | WorkerResult
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'progress'; id: number; progress: LoadProgress };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, ...(error.stack !== undefined && { stack: error.stack }) };
  }
  return { name: 'Error', message: String(error) };
}
