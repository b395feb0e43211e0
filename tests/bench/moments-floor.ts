// The browser's own floor for a moment, in the moments benchmark: a bare
// service worker on its own origin whose fetch listener calls showNotification
// for every search navigation, with no matching, no storage and no state: what
// is left is Chromium's fetch dispatch and notification display, timed like our
// worker (search navigation's start to the notification's timestamp), warm and
// after the worker was stopped (cold).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';
import { waitForControl } from '../fixtures/service-worker';
import { notificationTime, queries, type Sample, searchNavigation, warmup } from './moments-common';

/** The bare worker. Its body names the query in “…” as the Kairos rule's message does, so the same wait finds it. */
const floorWorker = `
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.mode !== 'navigate' || !url.searchParams.has('q')) return;
  event.waitUntil(self.registration.showNotification('Floor', { body: 'Deals picked for “' + url.searchParams.get('q') + '”' }));
});`;
/**
 * The floor of a worker with stored state, for cold starts: as the bare worker, but before showing
 * it opens IndexedDB and reads one record in one transaction, started as the script evaluates (as
 * ours starts its look at the device store): the least a worker that keeps its rules on the device
 * can do before deciding after a cold start. Warm, it holds the record in memory like the bare one.
 */
const statefulFloorWorker = `
let state;
const read = () => (state ??= new Promise((resolve, reject) => {
  const open = indexedDB.open('floor', 1);
  open.onupgradeneeded = () => open.result.createObjectStore('state').put({ rules: [] }, 'config');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const get = open.result.transaction('state', 'readonly').objectStore('state').get('config');
    get.onsuccess = () => resolve(get.result);
    get.onerror = () => reject(get.error);
  };
}));
read();
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.mode !== 'navigate' || !url.searchParams.has('q')) return;
  event.waitUntil(read().then(() => self.registration.showNotification('Floor', { body: 'Deals picked for “' + url.searchParams.get('q') + '”' })));
});`;
const floorPage = `<!doctype html><title>floor</title><script>navigator.serviceWorker.register('/floor-sw.js')</script>`;

export interface FloorSite {
  origin: string;
  close(): void;
}

/** Serves the floor's pages and worker on loopback (`port` 0: any free port). */
export async function startFloorSite({
  port = Number(process.env.KAIROS_BENCH_FLOOR_PORT ?? 0),
  stateful = false,
}: { port?: number; stateful?: boolean } = {}): Promise<FloorSite> {
  const worker = stateful ? statefulFloorWorker : floorWorker;
  const server: Server = createServer((request, response) => {
    const isWorker = request.url === '/floor-sw.js';
    response.writeHead(200, {
      'Content-Type': isWorker ? 'text/javascript' : 'text/html; charset=utf-8',
      'Cache-Control': 'no-cache',
    });
    response.end(isWorker ? worker : floorPage);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  // localhost is a secure context for service workers and notifications.
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
  };
}

/**
 * Stops every service worker of the page's browser context (CDP ServiceWorker.stopAllWorkers) and
 * waits until each reports `stopped`: the next search navigation starts its worker from nothing.
 * The page's network is idle first, and a worker the page wakes again before the search (Next.js
 * prefetches its links after load, the tracker posts its events) is stopped again.
 */
export async function workerStopper(page: Page): Promise<() => Promise<void>> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const status = new Map<string, string>();
  let changed = () => {};
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) status.set(version.versionId, version.runningStatus);
    changed();
  });
  await cdp.send('ServiceWorker.enable');
  const allStopped = () => [...status.values()].every((running) => running === 'stopped');
  const inTransition = () => [...status.values()].some((running) => running === 'starting' || running === 'stopping');
  const nextChange = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2_000);
      changed = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  return async () => {
    await page.waitForLoadState('networkidle');
    for (let attempt = 0; attempt < 50; attempt++) {
      // A worker still starting ignores a stop: let it get there first.
      if (inTransition()) await nextChange();
      else if (!allStopped()) {
        const change = nextChange();
        await cdp.send('ServiceWorker.stopAllWorkers');
        if (!allStopped()) await change;
      } else {
        // Still stopped a moment later: nothing of the page's is about to wake it.
        await settle(20);
        if (allStopped()) return;
      }
    }
    throw new Error(`the page keeps waking its service worker: ${JSON.stringify([...status])}`);
  };
}

/**
 * Where a cold start went, from the worker itself after its moment: its time origin (the worker's
 * start) and its startup marks (lib/moments/startup-marks.ts), in ms after the navigation's start.
 */
export async function startupSteps(context: BrowserContext, origin: string, started: number) {
  const worker = context.serviceWorkers().find((candidate) => candidate.url().startsWith(origin));
  const seen = await worker
    ?.evaluate(() => ({
      origin: performance.timeOrigin,
      marks: performance.getEntriesByType('mark').map((mark) => [mark.name, mark.startTime] as const),
    }))
    .catch(() => undefined);
  const steps: Record<string, number> = {};
  if (!seen) return steps;
  steps['worker started (its time origin)'] = seen.origin - started;
  for (const [name, at] of seen.marks) steps[`worker: ${name.replace(/^kairos: /, '')}`] = seen.origin + at - started;
  return steps;
}

/** One round of the floor: a fresh visitor, 10 warm-up and the measured search navigations. */
export async function floorWay(
  browser: Browser,
  site: FloorSite,
  round: number,
  cold: boolean,
  way = cold ? 'floor-cold' : 'floor',
): Promise<Sample[]> {
  const context: BrowserContext = await browser.newContext();
  await context.grantPermissions(['notifications'], { origin: site.origin });
  const page = await context.newPage();
  const samples: Sample[] = [];
  try {
    await page.goto(`${site.origin}/`);
    await waitForControl(page);
    const stopWorkers = cold ? await workerStopper(page) : undefined;
    for (const [i, query] of queries(round, way).entries()) {
      const target = `${site.origin}/search?q=${encodeURIComponent(query)}`;
      await stopWorkers?.();
      const { started, workerStart } = await searchNavigation(page, target);
      const shown = await notificationTime(page, query, `the floor, round ${round + 1}, moment ${i + 1}`);
      const steps: Record<string, number> = {
        ...(cold ? await startupSteps(context, site.origin, started) : {}),
        'notification timestamp': shown - started,
      };
      if (workerStart > 0) steps['fetch event dispatch starts (Navigation Timing workerStart)'] = workerStart;
      if (i >= warmup) samples.push({ total: shown - started, steps });
    }
  } finally {
    await context.close();
  }
  return samples;
}
