// Messages between the page-side tracker and the Kairos service worker, which
// owns the device store (IndexedDB) and the outbox. One file so both sides agree.
import type { KairosEvent } from './event';

export const deviceMessageTag = 'kairos' as const;

export interface DeviceSettings {
  /** Absolute URL of the collector (POST { batch, sentAt }). */
  collector: string;
  /** Whether events leave the device (consent given, or not required). */
  sync: boolean;
}

export type PageToWorker =
  | { kairos: 1; type: 'hello' }
  | { kairos: 1; type: 'events'; events: KairosEvent[]; settings: DeviceSettings }
  | { kairos: 1; type: 'settings'; settings: DeviceSettings }
  | { kairos: 1; type: 'flush' }
  /** The device is back online: retry now instead of waiting out the backoff. */
  | { kairos: 1; type: 'online' }
  /** Consent withdrawn: forget everything on this device (the page asks the server itself). */
  | { kairos: 1; type: 'forget' }
  /** kairos.reset(): a new visitor; the profile and history go, unsent events still leave. */
  | { kairos: 1; type: 'reset' };

export type WorkerToPage =
  | { kairos: 1; type: 'ready'; version: number }
  /** retryAt: unsent events wait until then (the page nudges the worker, which may have been stopped). */
  | { kairos: 1; type: 'done'; retryAt?: number }
  | { kairos: 1; type: 'error'; message: string };

export const isPageToWorker = (data: unknown): data is PageToWorker =>
  typeof data === 'object' && data !== null && (data as { kairos?: unknown }).kairos === 1;
