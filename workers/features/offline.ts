/// <reference lib="webworker" />
// Offline caching (lib/pwa/caching.ts) as a service worker feature: precache at
// install, old precaches dropped at activation, routed responses on fetch.
import type { PrecacheEntry } from 'workbox-precaching';
import { createOfflineCaching } from '../../lib/pwa/caching';
import type { WorkerFeature } from './listeners';

export function offlineFeature(precache: (string | PrecacheEntry)[]): WorkerFeature {
  const caching = createOfflineCaching(precache);
  return {
    install: (event) => caching.install(event),
    activate: (event) => caching.activate(event),
    fetch(event) {
      const response = caching.respond(event.request, event);
      if (response) event.respondWith(response);
    },
  };
}
