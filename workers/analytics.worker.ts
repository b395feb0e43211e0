// The analytics worker: hosts DuckDB-WASM off the page's main thread. Thin
// entry; the protocol is lib/contracts/worker-protocol.ts, the logic
// lib/analytics/. Built to public/duckdb/analytics.worker.js.
import { createBrowserEngine } from '../lib/analytics/duckdb-browser';
import { createDispatcher } from '../lib/analytics/dispatcher';
import { lakeKeeps, type LakeKeep } from '../lib/contracts/analytics';
import type { WorkerRequest, WorkerResponse } from '../lib/contracts/worker-protocol';

declare const self: DedicatedWorkerGlobalScope;

// The wasm files sit next to this script; `?keep=` says what a lake sync keeps between visits.
const requested = new URL(self.location.href).searchParams.get('keep');
const keep = lakeKeeps.find((value): value is LakeKeep => value === requested) ?? 'none';
const engine = createBrowserEngine(new URL('.', self.location.href).href, keep);
const dispatch = createDispatcher(engine, (response: WorkerResponse) => self.postMessage(response));

self.addEventListener('message', (event: MessageEvent<WorkerRequest>) => dispatch(event.data));
