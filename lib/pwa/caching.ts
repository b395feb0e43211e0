// The service worker's offline behaviour (Workbox): built assets precached at
// install, site pages network-first with a cached copy for offline, the analytics
// engine's files (/duckdb/*) stale-while-revalidate once used, and the
// precached /offline page for anything else that fails while offline.
import { ExpirationPlugin } from 'workbox-expiration';
import { PrecacheController, PrecacheRoute, type PrecacheEntry } from 'workbox-precaching';
import { Route, Router } from 'workbox-routing';
import { NetworkFirst, NetworkOnly, StaleWhileRevalidate } from 'workbox-strategies';

export const offlinePage = '/offline';
export const pageCacheName = 'kairos-pages';
export const analyticsCacheName = 'kairos-duckdb';

/** Console and API responses hold admin data: never stored on the device. */
const isPrivate = (path: string) => path.startsWith('/console') || path.startsWith('/api/');

type WorkerEvent = Parameters<PrecacheController['install']>[0];

export interface OfflineCaching {
  /** Precaches the built assets (calls event.waitUntil itself). */
  install(event: WorkerEvent): void;
  /** Drops precached entries of older builds (calls event.waitUntil itself). */
  activate(event: WorkerEvent): void;
  /** The response for a request, or undefined when no route takes it (the network answers as usual). */
  respond(request: Request, event: WorkerEvent): Promise<Response> | undefined;
}

/**
 * Workbox's precache and router, without the listeners Workbox would add by
 * itself: the service worker's one listener per event calls these in its
 * features' order (workers/features/listeners.ts).
 */
export function createOfflineCaching(precache: (string | PrecacheEntry)[]): OfflineCaching {
  const controller = new PrecacheController();
  controller.addToCacheList(precache);
  const router = new Router();
  router.registerRoute(new PrecacheRoute(controller));

  router.registerRoute(
    new Route(
      ({ request, url }) => request.mode === 'navigate' && !isPrivate(url.pathname),
      new NetworkFirst({
        cacheName: pageCacheName,
        // A slow network should not hold the visitor hostage when a copy exists.
        networkTimeoutSeconds: 4,
        plugins: [new ExpirationPlugin({ maxEntries: 60, maxAgeSeconds: 30 * 24 * 60 * 60 })],
      }),
    ),
  );
  router.registerRoute(
    new Route(({ request, url }) => request.mode === 'navigate' && isPrivate(url.pathname), new NetworkOnly()),
  );

  // The analytics engine (worker script and DuckDB wasm, tens of MB) is cached when the console
  // first uses it, not precached: a visitor of the store never downloads it. Stale-while-
  // revalidate starts the console at once from the cache and refreshes the copy behind it.
  router.registerRoute(
    new Route(
      ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/duckdb/'),
      new StaleWhileRevalidate({
        cacheName: analyticsCacheName,
        plugins: [new ExpirationPlugin({ maxEntries: 16, maxAgeSeconds: 30 * 24 * 60 * 60 })],
      }),
    ),
  );

  router.setCatchHandler(async ({ request }) => {
    if (request.destination === 'document') return (await controller.matchPrecache(offlinePage)) ?? Response.error();
    return Response.error();
  });

  return {
    install: (event) => void controller.install(event),
    activate: (event) => void controller.activate(event),
    respond: (request, event) => router.handleRequest({ request, event }),
  };
}
