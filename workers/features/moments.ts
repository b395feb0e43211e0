/// <reference lib="webworker" />
// The moment detector (lib/moments/moment-service.ts) as a service worker
// feature: the fetch handler only watches (it never responds or delays a
// response), the tracker's messages bring its events, and the published config
// is refreshed on activation, on any page message when older than
// `configMaxAgeMs`, on Periodic Background Sync where the browser grants it,
// and when a push `{ kind: 'config' }` arrives (`refreshConfig`).
import { besideCollector } from '../../lib/contracts/routes';
import { createMomentService } from '../../lib/moments/moment-service';
import { markStartup } from '../../lib/moments/startup-marks';
import type { DeviceFeature } from './device';
import type { WorkerFeature } from './listeners';

declare const self: ServiceWorkerGlobalScope;

const configMaxAgeMs = 10 * 60_000;
const configSyncTag = 'kairos-config';

export interface MomentsFeature extends WorkerFeature {
  /** For a `{ kind: 'config' }` push, inside its event.waitUntil. */
  refreshConfig(): Promise<unknown>;
  /** A server notification was shown (the cross-channel caps count it, docs/delivery-policy.md). */
  noteShown(at: number): void;
}

export function momentsFeature({ db, service }: Pick<DeviceFeature, 'db' | 'service'>): MomentsFeature {
  let cartTimer: ReturnType<typeof setTimeout> | undefined;
  const detector = createMomentService({
    db,
    async configUrl() {
      // Before any page spoke, the config is on our own origin.
      const collector = (await service.settings())?.collector;
      const url = new URL(
        collector ? besideCollector(collector, 'device/config') : new URL('/api/device/config', self.location.origin),
      );
      // A signed-in visitor's config carries their person's RFM and intent figures (docs/people.md#what-devices-see).
      const visitor = await service.profile();
      if (visitor?.userId) url.searchParams.set('anonymousId', visitor.anonymousId);
      return url.href;
    },
    show: ({ title, options }) => self.registration.showNotification(title, options),
    device: service,
    scheduleCheck(at) {
      clearTimeout(cartTimer);
      // A timer lives only as long as this worker (browsers stop an idle one within about 30 s):
      // a longer wait is caught on the next wake-up instead (any message, fetch or push).
      cartTimer = setTimeout(() => void detector.checkCart(), Math.max(0, at - Date.now()));
    },
  });

  // Nothing is created on the device before the tracker's first events (consent may be
  // required): until the device store exists, the detector stays idle. The look creates
  // nothing and keeps the store open for the state read that follows (DeviceDatabase.exists).
  // Opening to look and deleting when absent (as Dexie.exists() did) raced the device
  // service's first open and closed its connection, so a first visit lost its events.
  let storeExists = false;
  // One look at a time: the warm-up and a cold start's first fetch event ask together.
  let storeCheck: Promise<boolean> | undefined;
  const storeReady = async () => {
    storeCheck ??= db
      .exists()
      .catch(() => false)
      .finally(() => (storeCheck = undefined));
    storeExists ||= await storeCheck;
    if (storeExists) markStartup('store found');
    return storeExists;
  };
  const whenReady = (work: () => Promise<unknown>) =>
    storeExists ? work() : storeReady().then((ready) => (ready ? work() : undefined));

  // Rules, recent fires, time zone and cart into memory as the worker starts: its first moment decides at once.
  void whenReady(() => detector.warmUp()).catch((error: unknown) => console.error('kairos: warm-up failed', error));

  // Periodic Background Sync needs an installed app and the browser's consent; where refused, the other refreshes remain.
  const periodic = (
    self.registration as ServiceWorkerRegistration & {
      periodicSync?: { register(tag: string, options: { minInterval: number }): Promise<void> };
    }
  ).periodicSync;
  periodic?.register(configSyncTag, { minInterval: 12 * 60 * 60_000 }).catch(() => {});

  return {
    refreshConfig: () => detector.refreshConfig(),
    noteShown: (at) => detector.noteShown(at),
    activate(event) {
      // Read again on activation: the previous worker went on deciding (fires, carts) while this one waited.
      event.waitUntil(whenReady(() => Promise.all([detector.refreshConfig(), detector.warmUp({ fresh: true })])));
    },
    fetch(event) {
      const { request } = event;
      if (request.method !== 'GET') return;
      const url = new URL(request.url);
      // A site's own search lives on its own origin; third-party requests are not the visitor's search.
      if (url.origin !== self.location.origin) return;
      // Search parameters may be a moment; any page view may find a cart that came due while the worker slept.
      if (url.search === '' && request.mode !== 'navigate') return;
      // Watch only: the response goes its usual way (Workbox or the network). With the state in memory
      // the moment is decided here, synchronously, and showNotification is called before this returns.
      event.waitUntil(whenReady(() => detector.onRequest(url)));
    },
    pageMessage(message, event) {
      if (message.type === 'forget' || message.type === 'reset') {
        detector.forget(message.type === 'forget' ? 'everything' : 'history');
        return;
      }
      // Events are stored by the device feature (consent given): the store exists from now on.
      if (message.type === 'events') storeExists = true;
      const work = async () => {
        await (message.type === 'events' ? detector.onEvents(message.events) : detector.checkCart());
        // Background refresh, after this message's moments are decided.
        await detector.refreshIfStale(configMaxAgeMs);
      };
      event.waitUntil(whenReady(work));
    },
    periodicsync(event) {
      if (event.tag === configSyncTag) event.waitUntil(whenReady(() => detector.refreshConfig()));
    },
  };
}
