// Delivery from the device under bad conditions: reloads, an offline period and
// a collector that fails 30% of requests; and a storage quota that fills up.
import type { CDPSession } from '@playwright/test';
import { expect, type Page, test } from '@playwright/test';
import { loginAsAdmin, serverEvents } from '../fixtures/admin';
import { deviceRows } from '../fixtures/device-store';
import { type FlakyCollector, startFlakyCollector } from '../fixtures/flaky-collector';
import { type StaticSite, startStaticSite } from '../fixtures/static-site';

const anonymousIdOf = (page: Page) => page.evaluate(() => localStorage.getItem('kairos.aid') ?? '');

/** How many events wait in the outbox, by attempts, and the soonest retry (ms from now). */
const outboxState = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<unknown>((resolve) => {
        const open = indexedDB.open('kairos');
        open.onsuccess = () => {
          const all = open.result.transaction('outbox').objectStore('outbox').getAll();
          all.onsuccess = () => {
            const byAttempts: Record<number, number> = {};
            let soonest = Infinity;
            for (const entry of all.result) {
              byAttempts[entry.attempts] = (byAttempts[entry.attempts] ?? 0) + 1;
              soonest = Math.min(soonest, entry.nextAttemptAt - Date.now());
            }
            resolve({ byAttempts, soonest });
          };
        };
      }),
  );

function trackMany(page: Page, round: number, count: number, padding = 0): Promise<void> {
  return page.evaluate(
    ({ round, count, padding }) => {
      const kairos = (window as unknown as { kairos: { track(e: string, p: object): void } }).kairos;
      // Random text: IndexedDB compresses values, and repeated characters would cost nothing.
      const noise = (n: number) => {
        const bytes = crypto.getRandomValues(new Uint8Array(Math.ceil(n * 0.75)));
        return btoa(String.fromCharCode(...bytes)).slice(0, n);
      };
      for (let i = 0; i < count; i++) kairos.track('Load Test', { round, i, padding: noise(padding) });
    },
    { round, count, padding },
  );
}

test.describe('through a collector that fails 30% of requests', () => {
  let flaky: FlakyCollector;
  let site: StaticSite;

  test.beforeAll(async ({ baseURL }) => {
    flaky = await startFlakyCollector(`${baseURL}/api/collect`, 0.3, 2026);
    site = await startStaticSite('plain', baseURL ?? '', flaky.url);
  });
  test.afterAll(async () => {
    await site.close();
    await flaky.close();
  });

  test('2,000 events tracked across reloads and an offline period arrive exactly once each', async ({
    page,
    context,
    request,
  }) => {
    test.setTimeout(240_000);
    await loginAsAdmin(request);
    let tracked = 0;
    let pageViews = 0;
    const load = async (reload: boolean) => {
      await (reload ? page.reload() : page.goto(`${site.url}/stored.html`));
      pageViews += 1;
      await expect.poll(() => deviceRows(page, 'events'), { timeout: 20_000 }).toBe(tracked + pageViews);
    };
    const track = async (round: number) => {
      await trackMany(page, round, 500);
      tracked += 500;
      // Tracked means stored on the device; what is in flight to the collector may still fail.
      await expect.poll(() => deviceRows(page, 'events'), { timeout: 20_000 }).toBe(tracked + pageViews);
    };

    await load(false);
    await track(0);
    await load(true);
    await track(1);

    // Offline: the device keeps everything in its outbox.
    await context.setOffline(true);
    flaky.offline = true;
    await track(2);
    await page.waitForTimeout(2_000);
    expect(await deviceRows(page, 'outbox')).toBeGreaterThanOrEqual(500);
    flaky.offline = false;
    await context.setOffline(false);

    await load(true);
    await track(3);
    expect(tracked).toBe(2_000);

    const anonymousId = await anonymousIdOf(page);
    await expect
      .poll(
        async () => {
          const onServer = (await serverEvents(request, anonymousId)).length;
          // Diagnostics in the test's output, should it ever stall: what waits, and why.
          console.log(
            `server ${onServer}; outbox ${JSON.stringify(await outboxState(page))}; ${JSON.stringify(flaky.stats)}`,
          );
          return onServer;
        },
        { timeout: 150_000, intervals: [5_000] },
      )
      .toBe(tracked + pageViews);
    const stored = await serverEvents(request, anonymousId);
    expect(new Set(stored.map((event) => event.messageId)).size).toBe(stored.length);
    const loadTests = stored.filter((event) => event.event === 'Load Test');
    const keys = new Set(loadTests.map((event) => `${event.properties.round}:${event.properties.i}`));
    expect(keys.size).toBe(2_000);
    // Batches whose answers were lost are still queued: they go again, and the server keeps one copy.
    await expect.poll(() => deviceRows(page, 'outbox'), { timeout: 120_000, intervals: [2_000] }).toBe(0);
    expect((await serverEvents(request, anonymousId)).length).toBe(tracked + pageViews);
    // The faults were really injected, of both kinds.
    expect(flaky.stats.refused).toBeGreaterThan(0);
    expect(flaky.stats.answersLost).toBeGreaterThan(0);
    console.log(`flaky collector: ${JSON.stringify(flaky.stats)}`);
  });
});

test('a full storage quota evicts the oldest history instead of failing (injected: a 1.5 MB quota)', async ({
  page,
  context,
  request,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const site = await startStaticSite('plain', baseURL ?? '');
  try {
    await loginAsAdmin(request);
    // Chromium applies the override to a service worker started after it: set it first.
    const cdp: CDPSession = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: site.url, quotaSize: 1.5 * 1024 * 1024 });
    await page.goto(`${site.url}/stored.html`);
    await expect.poll(() => deviceRows(page, 'events')).toBe(1);

    // ~2.5 MB of events (stored twice while unsent: history and outbox) into a 1.5 MB quota, in bursts.
    for (let round = 0; round < 24; round++) {
      await trackMany(page, round, 50, 2_000);
      await page.waitForTimeout(200);
    }
    await page.evaluate(() =>
      (window as unknown as { kairos: { track(e: string): void } }).kairos.track('Still Working'),
    );
    const anonymousId = await anonymousIdOf(page);
    await expect
      .poll(async () => (await serverEvents(request, anonymousId)).some((event) => event.event === 'Still Working'), {
        timeout: 120_000,
      })
      .toBe(true);
    const kept = await deviceRows(page, 'events');
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(1_202);
    // The newest events stayed, the oldest went.
    const ends = await page.evaluate(
      () =>
        new Promise<{ newest: string; oldest: string }>((resolve) => {
          const open = indexedDB.open('kairos');
          open.onsuccess = () => {
            const index = open.result.transaction('events').objectStore('events').index('timestamp');
            const newest = index.openCursor(null, 'prev');
            newest.onsuccess = () => {
              const oldest = index.openCursor();
              oldest.onsuccess = () =>
                resolve({ newest: newest.result?.value.event ?? '', oldest: oldest.result?.value.type ?? '' });
            };
          };
        }),
    );
    expect(ends.newest).toBe('Still Working');
    expect(ends.oldest).not.toBe('page');
    const usage = await cdp.send('Storage.getUsageAndQuota', { origin: site.url });
    console.log(`quota: kept ${kept} events, usage ${usage.usage} of ${usage.quota} bytes`);
  } finally {
    await site.close();
  }
});

test('the device keeps 90 days and 5,000 events of history, oldest out first', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const site = await startStaticSite('plain', baseURL ?? '');
  try {
    // A device whose clock runs 100 days behind: its events are past the age limit when written.
    const late = await browser.newContext();
    const latePage = await late.newPage();
    await latePage.clock.install({ time: Date.now() - 100 * 86_400_000 });
    await latePage.clock.resume();
    await latePage.goto(`${site.url}/stored.html`);
    await trackMany(latePage, 0, 10);
    await expect.poll(() => deviceRows(latePage, 'outbox')).toBe(0);
    expect(await deviceRows(latePage, 'events')).toBe(0);
    await late.close();

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${site.url}/stored.html`);
    await expect.poll(() => deviceRows(page, 'events')).toBe(1);
    for (let round = 1; round <= 11; round++) {
      await trackMany(page, round, 500);
      await page.waitForTimeout(20); // rounds apart in time, so "oldest" is well defined
    }
    await expect.poll(() => deviceRows(page, 'events'), { timeout: 60_000 }).toBe(5_000);
    const perRound = await page.evaluate(
      () =>
        new Promise<Record<number, number>>((resolve) => {
          const open = indexedDB.open('kairos');
          open.onsuccess = () => {
            const all = open.result.transaction('events').objectStore('events').getAll();
            all.onsuccess = () => {
              const counts: Record<number, number> = {};
              for (const event of all.result) {
                const round = event.properties?.round;
                if (typeof round === 'number') counts[round] = (counts[round] ?? 0) + 1;
              }
              resolve(counts);
            };
          };
        }),
    );
    // 5,501 went in (a page view and 11 rounds of 500); the oldest 501 went out: the page view and round 1.
    expect(perRound[1] ?? 0).toBe(0);
    for (let round = 2; round <= 11; round++) expect(perRound[round]).toBe(500);
    await context.close();
  } finally {
    await site.close();
  }
});

test('an event the collector refuses leaves the outbox with a log line, and its neighbour is stored (injected: properties 40 levels deep)', async ({
  page,
  context,
  request,
  baseURL,
}) => {
  const site = await startStaticSite('plain', baseURL ?? '');
  try {
    await loginAsAdmin(request);
    const logged: string[] = [];
    context.on('console', (message) => logged.push(message.text()));
    await page.goto(`${site.url}/stored.html`);
    await expect.poll(() => deviceRows(page, 'events'), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    await page.evaluate(() => {
      const kairos = (window as unknown as { kairos: { track(e: string, p: object): void } }).kairos;
      let deep: object = { leaf: true };
      for (let level = 0; level < 40; level++) deep = { deep };
      kairos.track('Too Deep', deep);
      kairos.track('Neighbour', { ok: true });
    });
    const anonymousId = await anonymousIdOf(page);
    await expect
      .poll(async () => (await serverEvents(request, anonymousId)).map((event) => event.event), { timeout: 30_000 })
      .toContain('Neighbour');
    await expect.poll(() => deviceRows(page, 'outbox'), { timeout: 20_000 }).toBe(0);
    expect((await serverEvents(request, anonymousId)).map((event) => event.event)).not.toContain('Too Deep');
    await expect
      .poll(() => logged.find((line) => line.includes('the collector refused 1 events for good')))
      .toContain('nested deeper than 32 levels');
  } finally {
    await site.close();
  }
});
