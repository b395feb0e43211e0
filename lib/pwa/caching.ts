// The service worker's offline behaviour (Workbox): built assets precached at
// install, site pages network-first with a cached copy for offline, the analytics
// engine's files (/duckdb/*) stale-while-revalidate once used, and the
// precached /offline page for anything else that fails while offline.
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, matchPrecache, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { registerRoute, setCatchHandler } from 'workbox-routing';
import { NetworkFirst, NetworkOnly, StaleWhileRevalidate } from 'workbox-strategies';

export const offlinePage = '/offline';
export const pageCacheName = 'kairos-pages';
export const analyticsCacheName = 'kairos-duckdb';

/** Console and API responses hold admin data: never stored on the device. */
const isPrivate = (path: string) => path.startsWith('/console') || path.startsWith('/api/');

export function installOfflineCaching(precache: (string | PrecacheEntry)[]): void {
  precacheAndRoute(precache);
  cleanupOutdatedCaches();

  registerRoute(
    ({ request, url }) => request.mode === 'navigate' && !isPrivate(url.pathname),
    new NetworkFirst({
      cacheName: pageCacheName,
      // A slow network should not hold the visitor hostage when a copy exists.
      networkTimeoutSeconds: 4,
      plugins: [new ExpirationPlugin({ maxEntries: 60, maxAgeSeconds: 30 * 24 * 60 * 60 })],
    }),
  );
  registerRoute(({ request, url }) => request.mode === 'navigate' && isPrivate(url.pathname), new NetworkOnly());

  // The analytics engine (worker script and DuckDB wasm, tens of MB) is cached when the console
  // first uses it, not precached: a visitor of the store never downloads it. Stale-while-
  // revalidate starts the console at once from the cache and refreshes the copy behind it.
  registerRoute(
    ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/duckdb/'),
    new StaleWhileRevalidate({
      cacheName: analyticsCacheName,
      plugins: [new ExpirationPlugin({ maxEntries: 16, maxAgeSeconds: 30 * 24 * 60 * 60 })],
    }),
  );

  setCatchHandler(async ({ request }) => {
    if (request.destination === 'document') return (await matchPrecache(offlinePage)) ?? Response.error();
    return Response.error();
  });
}
