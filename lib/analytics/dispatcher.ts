// The worker side of the protocol: runs each call on the engine, streams its
// progress, answers with its result or error, and aborts a call on `cancel`.
// The engine runs calls one at a time; cancel messages are handled at once
// because the engine yields to the event loop while a query runs.
import type { EngineCalls, EngineMethod } from '../contracts/analytics';
import { serializeError, type WorkerCall, type WorkerRequest, type WorkerResponse } from '../contracts/worker-protocol';
import type { AnalyticsEngine, CallOptions } from './engine';

export type PostResponse = (response: WorkerResponse) => void;

export function createDispatcher(engine: Promise<AnalyticsEngine>, post: PostResponse) {
  const running = new Map<number, AbortController>();

  async function call<K extends EngineMethod>(request: WorkerCall<K>, signal: AbortSignal): Promise<void> {
    const target = await engine;
    // The union of methods narrows to one per call; TypeScript cannot see that through the index.
    const method = target[request.method] as unknown as (
      this: AnalyticsEngine,
      params: EngineCalls[K]['params'],
      options: CallOptions,
    ) => Promise<EngineCalls[K]['result']>;
    const result = await method.call(target, request.params, {
      signal,
      onProgress: (progress) => post({ type: 'progress', id: request.id, progress }),
    });
    post({ type: 'result', id: request.id, method: request.method, result } as WorkerResponse);
  }

  return (request: WorkerRequest): void => {
    if (request.type === 'cancel') {
      running.get(request.id)?.abort();
      return;
    }
    const controller = new AbortController();
    running.set(request.id, controller);
    call(request, controller.signal)
      .catch((error: unknown) => post({ type: 'error', id: request.id, error: serializeError(error) }))
      .finally(() => running.delete(request.id));
  };
}
