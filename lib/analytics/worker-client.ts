// The page's side of the analytics worker: an AnalyticsEngine whose calls are
// messages. Its methods are not written out: a proxy answers any name the
// connection does not define, so `client.rfm(params)` posts a request for
// `rfm`, typed by EngineCalls like every other call. Pending calls wait in a
// map by id. A call given a `supersede` key cancels the running call with the
// same key: a newer segment count replaces an older one.
import type { EngineCalls, EngineMethod, LoadProgress } from '../contracts/analytics';
import type { SerializedError, WorkerRequest, WorkerResponse } from '../contracts/worker-protocol';
import type { CallOptions, EngineMethods } from './engine';

/** What the client needs of a Worker (a MessagePort-like object in tests). */
export interface WorkerLike {
  postMessage(message: WorkerRequest, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerResponse>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

export interface WorkerCallOptions extends CallOptions {
  /** A newer call with the same key cancels this one. */
  supersede?: string;
  /** Buffers to move to the worker instead of copying (the caller loses them). */
  transfer?: Transferable[];
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  onProgress?: (progress: LoadProgress) => void;
}

type EngineCall = (params: unknown, options?: WorkerCallOptions) => Promise<unknown>;

function revive(serialized: SerializedError): Error {
  const error = new Error(serialized.message);
  error.name = serialized.name;
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}

class WorkerConnection {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly latest = new Map<string, number>();
  /** One function per call name, made on first use, so `client.rfm` is the same function each time. */
  private readonly calls = new Map<string, EngineCall>();

  constructor(private readonly worker: WorkerLike) {
    worker.addEventListener('message', (event) => this.receive(event.data));
    worker.addEventListener('error', (event) => {
      // A worker that fails to start (script blocked, wasm missing) fails every call, loudly.
      const error = new Error(`The analytics worker failed: ${event.message || 'it could not start'}`);
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
    });
    // `then` stays undefined: a client passed to `await` or `resolve` must not look like a promise.
    return new Proxy(this, {
      get: (target, name, receiver) => {
        if (typeof name === 'symbol' || name === 'then' || name in target) return Reflect.get(target, name, receiver);
        let call = this.calls.get(name);
        if (!call) {
          call = (params, options) => this.request(name, params, options);
          this.calls.set(name, call);
        }
        return call;
      },
    });
  }

  private receive(response: WorkerResponse): void {
    const pending = this.pending.get(response.id);
    if (!pending) return;
    if (response.type === 'progress') {
      pending.onProgress?.(response.progress);
      return;
    }
    this.pending.delete(response.id);
    if (response.type === 'result') pending.resolve(response.result);
    else pending.reject(revive(response.error));
  }

  call<K extends EngineMethod>(
    method: K,
    params: EngineCalls[K]['params'],
    options: WorkerCallOptions = {},
  ): Promise<EngineCalls[K]['result']> {
    return this.request<EngineCalls[K]['result']>(method, params, options);
  }

  /** Posts a call; its answer is whatever the worker's engine returns for `method`. */
  private request<Result>(method: string, params: unknown, options: WorkerCallOptions = {}): Promise<Result> {
    const id = this.nextId++;
    if (options.supersede !== undefined) {
      const previous = this.latest.get(options.supersede);
      if (previous !== undefined && this.pending.has(previous))
        this.worker.postMessage({ type: 'cancel', id: previous });
      this.latest.set(options.supersede, id);
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (result: unknown) => void,
        reject,
        ...(options.onProgress && { onProgress: options.onProgress }),
      });
      options.signal?.addEventListener('abort', () => this.worker.postMessage({ type: 'cancel', id }), { once: true });
      this.worker.postMessage({ type: 'call', id, method, params } as WorkerRequest, options.transfer ?? []);
    });
  }

  async close(): Promise<void> {
    this.worker.terminate();
    const error = new Error('The analytics worker was closed.');
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

/** The client: the connection, and every engine call with the worker's call options. */
export type WorkerEngine = WorkerConnection & EngineMethods<EngineMethod, WorkerCallOptions>;

// TypeScript cannot see the methods the constructor's proxy answers; this names them.
export const WorkerEngine = WorkerConnection as new (worker: WorkerLike) => WorkerEngine;

/** The analytics worker, built to public/duckdb/ by lib/build/analytics-assets.ts. */
export const analyticsWorkerPath = '/duckdb/analytics.worker.js';
