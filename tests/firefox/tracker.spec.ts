// The tracker and the one-line service worker on a customer's site, in Firefox:
// what a page tracks is stored on the device (IndexedDB) before it leaves, an
// offline period keeps it in the outbox, and the server ends up with every
// event exactly once.
import { loginAsAdmin, serverEvents } from '../fixtures/admin';
import { deviceRows } from '../fixtures/device-store';
import { expect, scriptable, test } from '../fixtures/firefox';
import { anonymousIdOf } from '../fixtures/moments';
import { type StaticSite, startStaticSite } from '../fixtures/static-site';

let site: StaticSite;
test.beforeAll(async ({ baseURL }) => {
  site = await startStaticSite('plain', baseURL ?? '');
});
test.afterAll(async () => site.close());

const trackTrips = (page: ReturnType<typeof scriptable>, round: string, count: number) =>
  page.evaluate(
    ({ round, count }) => {
      const kairos = (window as unknown as { kairos: { track(e: string, p: object): void } }).kairos;
      for (let i = 0; i < count; i++) kairos.track('Trip Viewed', { round, i });
    },
    { round, count },
  );

/** Outbox entries whose send has failed at least once (the worker counts attempts per entry). */
const failedInOutbox = (page: ReturnType<typeof scriptable>) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('kairos');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('outbox').objectStore('outbox').getAll();
          all.onsuccess = () => {
            resolve((all.result as { attempts: number }[]).filter((entry) => entry.attempts > 0).length);
            open.result.close();
          };
        };
      }),
  );

test('events tracked in Firefox are stored on the device, wait out an offline period, and reach the server exactly once', async ({
  firefoxPage,
  network,
  request,
}) => {
  await loginAsAdmin(request);
  const page = scriptable(firefoxPage);
  await firefoxPage.goto(`${site.url}/stored.html`);
  // The page view, in the device's history, written by the site's one-line service worker.
  await expect.poll(() => deviceRows(page, 'events'), { timeout: 20_000 }).toBe(1);
  const anonymousId = await anonymousIdOf(page);
  expect(anonymousId).not.toBe('');

  await trackTrips(page, 'online', 20);
  await expect.poll(() => deviceRows(page, 'events')).toBe(21);
  await expect.poll(async () => (await serverEvents(request, anonymousId)).length, { timeout: 30_000 }).toBe(21);
  await expect.poll(() => deviceRows(page, 'outbox')).toBe(0);

  // Offline (injected: the page and its worker lose the network): tracked means stored, and the
  // worker's send fails and keeps the events in its outbox.
  network.offline = true;
  await trackTrips(page, 'offline', 10);
  await expect.poll(() => deviceRows(page, 'events')).toBe(31);
  await expect.poll(() => failedInOutbox(page), { timeout: 20_000 }).toBe(10);
  network.offline = false;

  // The next page view sends what waited: 20 + 10 trips and two page views, each once.
  await firefoxPage.reload();
  await expect.poll(() => deviceRows(page, 'outbox'), { timeout: 30_000 }).toBe(0);
  await expect.poll(async () => (await serverEvents(request, anonymousId)).length, { timeout: 30_000 }).toBe(32);
  const stored = await serverEvents(request, anonymousId);
  expect(new Set(stored.map((event) => event.messageId)).size).toBe(32);
  const trips = stored
    .filter((event) => event.event === 'Trip Viewed')
    .map((e) => `${e.properties.round}:${e.properties.i}`);
  expect(new Set(trips).size).toBe(30);
  expect(trips.filter((trip) => trip.startsWith('offline:'))).toHaveLength(10);
});
