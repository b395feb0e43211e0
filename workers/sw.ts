/// <reference lib="webworker" />
// The Kairos service worker of our own site: wiring only; the logic lives in lib/.
import type { PrecacheEntry } from 'workbox-precaching';
import { deviceFeature } from './features/device';
import { addEventListeners } from './features/listeners';
import { momentsFeature } from './features/moments';
import { notificationsFeature } from './features/notifications';
import { offlineFeature } from './features/offline';
import { updateFeature } from './features/update';

// Filled in at build time by lib/build/service-worker.ts with the built assets.
declare const __KAIROS_PRECACHE__: (string | PrecacheEntry)[];

const device = deviceFeature();
const moments = momentsFeature(device);
// Moments watch a navigation before the offline routes answer it.
addEventListeners([
  device,
  moments,
  notificationsFeature(device.service, moments.refreshConfig, moments.noteShown),
  offlineFeature(__KAIROS_PRECACHE__),
  updateFeature(),
]);
