// The page's side of the analytics worker: an AnalyticsEngine whose calls are
// messages. Each call's result type follows from its method (EngineCalls);
// pending calls wait in a map by id. A call given a `supersede` key cancels the
// running call with the same key: a newer segment count replaces an older one.
import type { EngineCalls, EngineMethod, LoadProgress } from '../contracts/analytics';
import type { SerializedError, WorkerRequest, WorkerResponse } from '../contracts/worker-protocol';
import type { AnalyticsEngine, CallOptions } from './engine';

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

function revive(serialized: SerializedError): Error {
  const error = new Error(serialized.message);
  error.name = serialized.name;
  if (serialized.stack) error.stack = serialized.stack;
  return error;
}

export class WorkerEngine implements AnalyticsEngine {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly latest = new Map<string, number>();

  constructor(private readonly worker: WorkerLike) {
    worker.addEventListener('message', (event) => this.receive(event.data));
    worker.addEventListener('error', (event) => {
      // A worker that fails to start (script blocked, wasm missing) fails every call, loudly.
      const error = new Error(`The analytics worker failed: ${event.message || 'it could not start'}`);
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
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

  loadEvents = (p: EngineCalls['loadEvents']['params'], o?: WorkerCallOptions) => this.call('loadEvents', p, o);
  loadArrowBatches = (p: EngineCalls['loadArrowBatches']['params'], o?: WorkerCallOptions) =>
    this.call('loadArrowBatches', p, o);
  loadArrowFromUrl = (p: EngineCalls['loadArrowFromUrl']['params'], o?: WorkerCallOptions) =>
    this.call('loadArrowFromUrl', p, o);
  attachFile = (p: EngineCalls['attachFile']['params'], o?: WorkerCallOptions) => this.call('attachFile', p, o);
  loadFile = (p: EngineCalls['loadFile']['params'], o?: WorkerCallOptions) => this.call('loadFile', p, o);
  summary = (p: EngineCalls['summary']['params'], o?: WorkerCallOptions) => this.call('summary', p, o);
  query = (p: EngineCalls['query']['params'], o?: WorkerCallOptions) => this.call('query', p, o);
  rfm = (p: EngineCalls['rfm']['params'], o?: WorkerCallOptions) => this.call('rfm', p, o);
  rfmCustomers = (p: EngineCalls['rfmCustomers']['params'], o?: WorkerCallOptions) => this.call('rfmCustomers', p, o);
  segmentCount = (p: EngineCalls['segmentCount']['params'], o?: WorkerCallOptions) => this.call('segmentCount', p, o);
  segmentMembers = (p: EngineCalls['segmentMembers']['params'], o?: WorkerCallOptions) =>
    this.call('segmentMembers', p, o);
  intent = (p: EngineCalls['intent']['params'], o?: WorkerCallOptions) => this.call('intent', p, o);
  goalPropensity = (p: EngineCalls['goalPropensity']['params'], o?: WorkerCallOptions) =>
    this.call('goalPropensity', p, o);

  // Segment console (issue 5)
  segmentStats = (p: EngineCalls['segmentStats']['params'], o?: WorkerCallOptions) => this.call('segmentStats', p, o);
  segmentMemberPage = (p: EngineCalls['segmentMemberPage']['params'], o?: WorkerCallOptions) =>
    this.call('segmentMemberPage', p, o);
  segmentCsv = (p: EngineCalls['segmentCsv']['params'], o?: WorkerCallOptions) => this.call('segmentCsv', p, o);
  segmentOverlap = (p: EngineCalls['segmentOverlap']['params'], o?: WorkerCallOptions) =>
    this.call('segmentOverlap', p, o);
  rfmSegmentMeans = (p: EngineCalls['rfmSegmentMeans']['params'], o?: WorkerCallOptions) =>
    this.call('rfmSegmentMeans', p, o);

  async close(): Promise<void> {
    this.worker.terminate();
    const error = new Error('The analytics worker was closed.');
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

/** The analytics worker, built to public/duckdb/ by lib/build/analytics-assets.ts. */
export const analyticsWorkerPath = '/duckdb/analytics.worker.js';
