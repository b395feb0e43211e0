/// <reference lib="webworker" />
// Connects the device service (lib/store) to service worker events. Shared by
// our own service worker (sw.ts) and the one sites import (kairos-sw.ts).
import { refreshMomentConfig } from './moments-wiring';
import { installNotificationHandlers } from './notification-wiring';
import { isPageToWorker } from '../lib/contracts/device-messages';
import { DeviceDatabase } from '../lib/store/database';
import { createDeviceService, type DeviceService } from '../lib/store/device-service';

declare const self: ServiceWorkerGlobalScope;

const outboxSyncTag = 'kairos-outbox';
/** Events arriving within this window leave together in one batch. */
const batchWindowMs = 400;

export function installDeviceService(): { db: DeviceDatabase; service: DeviceService } {
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

  self.addEventListener('message', (event) => {
    if (!isPageToWorker(event.data)) return;
    const message = event.data;
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
  });

  // Push notifications; a `{ kind: 'config' }` push can pass a refresh as the second argument.
  // A push `{ kind: 'config' }` refreshes the published rules and models at once.
  installNotificationHandlers(service, refreshMomentConfig);

  self.addEventListener('sync', (event) => {
    const syncEvent = event as ExtendableEvent & { tag: string };
    if (syncEvent.tag !== outboxSyncTag) return;
    // Rejecting asks the browser to try this sync again later.
    syncEvent.waitUntil(
      service.flush().then((result) => {
        if (result.retryAt) throw new Error('The collector is not reachable yet.');
      }),
    );
  });
  return { db, service };
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
