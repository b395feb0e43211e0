/// <reference lib="webworker" />
// A new version of our own worker: workbox-window's messageSkipWaiting() (the
// page's "Reload" button) activates the waiting worker, which then controls
// the open pages at once.
import type { WorkerFeature } from './listeners';

declare const self: ServiceWorkerGlobalScope;

export const updateFeature = (): WorkerFeature => ({
  message(event) {
    if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
  },
  activate(event) {
    event.waitUntil(self.clients.claim());
  },
});
