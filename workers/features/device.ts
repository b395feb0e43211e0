/// <reference lib="webworker" />
// The device store as a service worker feature: a page's messages are stored
// and answered, the outbox leaves in batches and is retried on a timer and by
// Background Sync.
import { DeviceDatabase } from '../../lib/store/database';
import { createDeviceService, type DeviceService } from '../../lib/store/device-service';
import type { WorkerFeature } from './listeners';

declare const self: ServiceWorkerGlobalScope;

const outboxSyncTag = 'kairos-outbox';
/** Events arriving within this window leave together in one batch. */
const batchWindowMs = 400;

export interface DeviceFeature extends WorkerFeature {
  db: DeviceDatabase;
  service: DeviceService;
}

export function deviceFeature(): DeviceFeature {
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const db = new DeviceDatabase();
  const service = createDeviceService({
    db,
    scheduleRetry(at) {
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => void service.flush(), Math.max(0, at - Date.now()));
      // Background Sync, where the browser has it, retries even after this worker stops.
      const sync = (
        self.registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }
      ).sync;
      sync?.register(outboxSyncTag).catch(() => {});
    },
  });

  return {
    db,
    service,
    pageMessage(message, event) {
      const port = event.ports[0];
      event.waitUntil(
        service
          .handle(message)
          .then((reply) => port?.postMessage(reply))
          .catch((error: unknown) => {
            const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
            console.error(`kairos: ${message.type} failed: ${text}`);
            port?.postMessage({ kairos: 1, type: 'error', message: text });
          })
          .then(() => (message.type === 'events' ? delay(batchWindowMs).then(() => service.flush()) : undefined))
          .catch(() => {}),
      );
    },
    sync(event) {
      if (event.tag !== outboxSyncTag) return;
      // Rejecting asks the browser to try this sync again later.
      event.waitUntil(
        service.flush().then((result) => {
          if (result.retryAt) throw new Error('The collector is not reachable yet.');
        }),
      );
    },
  };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
