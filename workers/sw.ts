/// <reference lib="webworker" />
// The Kairos service worker entry: wiring only; the logic lives in lib/.
import type { PrecacheEntry } from 'workbox-precaching';
import { installOfflineCaching } from '../lib/pwa/caching';
import { installDeviceService } from './device-wiring';
import { installMoments } from './moments-wiring';

declare const self: ServiceWorkerGlobalScope;
// Filled in at build time by lib/build/service-worker.ts with the built assets.
declare const __KAIROS_PRECACHE__: (string | PrecacheEntry)[];

// Moments first: in Chromium, fetch listeners added after Workbox's router did
// not see navigations (tests/e2e/moments.spec.ts caught it); this one only watches.
installMoments(installDeviceService());
installOfflineCaching(__KAIROS_PRECACHE__);

// workbox-window's messageSkipWaiting(): the page's "Reload" button activates the waiting worker.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});
