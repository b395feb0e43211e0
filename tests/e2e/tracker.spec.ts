// The tracker on other sites, as a developer embeds it: a plain static site on
// another origin (events straight to the collector, or through the one-line
// Kairos service worker), and a site that already has its own service worker.
import { expect, type Page, type Request, test } from '@playwright/test';
import { loginAsAdmin, serverEvents } from '../fixtures/admin';
import { deviceRows, hasDeviceDatabase } from '../fixtures/device-store';
import { type StaticSite, startStaticSite } from '../fixtures/static-site';

let plain: StaticSite;
let ownWorker: StaticSite;

test.beforeAll(async ({ baseURL }) => {
  plain = await startStaticSite('plain', baseURL ?? '');
  ownWorker = await startStaticSite('own-sw', baseURL ?? '');
});
test.afterAll(async () => {
  await plain.close();
  await ownWorker.close();
});
test.beforeEach(async ({ request }) => loginAsAdmin(request));

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const anonymousIdOf = (page: Page) => page.evaluate(() => localStorage.getItem('kairos.aid'));

function collectBodies(page: Page): { batch: Record<string, unknown>[]; sentAt: string }[] {
  const bodies: { batch: Record<string, unknown>[]; sentAt: string }[] = [];
  page.on('request', (request: Request) => {
    if (request.method() === 'POST' && request.url().endsWith('/api/collect')) bodies.push(request.postDataJSON());
  });
  return bodies;
}

test('on a plain static site, the exact events leave the page for the collector', async ({ page, request }) => {
  const bodies = collectBodies(page);
  await page.goto(`${plain.url}/?utm_source=newsletter&utm_campaign=spring`);
  await page.evaluate(() =>
    (window as unknown as { kairos: { track(e: string, p: object): void } }).kairos.track('Signed Up', { plan: 'pro' }),
  );
  await page.evaluate(() => (window as unknown as { kairos: { flush(): void } }).kairos.flush());
  await expect.poll(() => bodies.flatMap((body) => body.batch).length).toBe(2);

  const [pageView, signUp] = bodies.flatMap((body) => body.batch);
  const anonymousId = await anonymousIdOf(page);
  expect(anonymousId).toMatch(uuidPattern);
  expect(Object.keys(pageView ?? {}).sort()).toEqual(
    ['anonymousId', 'context', 'messageId', 'properties', 'sessionId', 'timestamp', 'traits', 'type', 'userId'].sort(),
  );
  expect(pageView).toMatchObject({
    type: 'page',
    properties: {},
    traits: {},
    anonymousId,
    userId: null,
    context: {
      page: {
        url: `${plain.url}/?utm_source=newsletter&utm_campaign=spring`,
        path: '/',
        search: '?utm_source=newsletter&utm_campaign=spring',
        referrer: '',
        title: 'Plain static site',
      },
      campaign: { source: 'newsletter', name: 'spring' },
      locale: 'en-US',
      timezone: expect.any(String),
      userAgent: expect.stringContaining('Chrome'),
      device: { type: 'desktop' },
    },
  });
  expect(pageView?.messageId).toMatch(uuidPattern);
  expect(signUp).toMatchObject({ type: 'track', event: 'Signed Up', properties: { plan: 'pro' }, anonymousId });
  expect(signUp?.sessionId).toBe(pageView?.sessionId);
  expect(Date.parse(bodies[0]?.sentAt ?? '')).toBeGreaterThanOrEqual(Date.parse(String(pageView?.timestamp)));

  // Without a Kairos service worker nothing is kept on the device; the server has both events.
  expect(await hasDeviceDatabase(page)).toBe(false);
  await expect.poll(async () => (await serverEvents(request, anonymousId ?? '')).length).toBe(2);
});

test('calls made before kairos.js loads are replayed in order, and a broken call never throws', async ({ page }) => {
  const bodies = collectBodies(page);
  // Hold kairos.js back so the page calls the stub first.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/kairos.js', async (route) => {
    await held;
    await route.continue();
  });
  // kairos.js is async and held back: the page is usable (DOM ready) before it runs.
  await page.goto(plain.url, { waitUntil: 'domcontentloaded' });
  await page.evaluate(() => {
    const kairos = (window as unknown as { kairos: Record<string, (...args: unknown[]) => void> }).kairos;
    kairos.track?.('First');
    kairos.track?.(undefined as unknown as string);
    kairos.identify?.('user-1', { plan: 'plus' });
    kairos.track?.('Second', { n: 2 });
  });
  release();
  await page.waitForFunction(() => !(window as unknown as { kairos: { q?: unknown } }).kairos.q);
  await page.evaluate(() => (window as unknown as { kairos: { flush(): void } }).kairos.flush());
  await expect.poll(() => bodies.flatMap((body) => body.batch).length).toBe(4);
  const names = bodies.flatMap((body) => body.batch).map((event) => event.event ?? event.type);
  expect(names).toEqual(['page', 'First', 'identify', 'Second']);
  const second = bodies.flatMap((body) => body.batch)[3];
  expect(second).toMatchObject({ userId: 'user-1' });
});

test('with the Kairos service worker, events are stored on the device, then synced', async ({ page, request }) => {
  await page.goto(`${plain.url}/stored.html?q=cheap+flights+to+lisbon`);
  await expect.poll(() => deviceRows(page, 'events')).toBe(2); // the page view and the search it carries
  await page.evaluate(() =>
    (window as unknown as { kairos: { track(e: string, p: object): void } }).kairos.track('Order Completed', {
      revenue: 42.5,
    }),
  );
  await expect.poll(() => deviceRows(page, 'events')).toBe(3);
  await expect.poll(() => deviceRows(page, 'outbox')).toBe(0);
  const anonymousId = (await anonymousIdOf(page)) ?? '';
  const stored = await serverEvents(request, anonymousId);
  expect(stored.map((event) => event.event ?? event.type).sort()).toEqual([
    'Order Completed',
    'Products Searched',
    'page',
  ]);
  expect(stored.find((event) => event.event === 'Products Searched')?.properties).toEqual({
    query: 'cheap flights to lisbon',
  });
  const profile = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open('kairos');
        open.onsuccess = () => {
          const get = open.result.transaction('profile').objectStore('profile').get('me');
          get.onsuccess = () => resolve(get.result);
        };
      }),
  );
  // The device's visitor record names the visitor the worker's own events are reported for.
  expect(profile).toMatchObject({ id: 'me', anonymousId, userId: null });
});

test('a site with its own service worker adds one importScripts line and keeps its own behaviour', async ({
  page,
  request,
}) => {
  await page.goto(ownWorker.url);
  await expect.poll(() => deviceRows(page, 'events')).toBe(1);
  const answer = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(event.data);
      registration.active?.postMessage('who-are-you', [channel.port2]);
    });
  });
  expect(answer).toBe('the site worker');
  const anonymousId = (await anonymousIdOf(page)) ?? '';
  await expect.poll(async () => (await serverEvents(request, anonymousId)).length).toBe(1);
});

test('a site that registers a slow-installing worker after load still keeps its first events on the device', async ({
  page,
}) => {
  // Injected: the site registers its worker 0.5 s after load and the install takes 6 s, longer than
  // the tracker's first look for a worker. The first page view must wait for it, not leave directly.
  const bodies = collectBodies(page);
  await page.goto(`${ownWorker.url}/late.html`);
  await expect.poll(() => deviceRows(page, 'events'), { timeout: 30_000 }).toBe(1);
  expect(bodies).toEqual([]);
});

test('consent: nothing is stored or sent before it, held calls flow after it, and revoking erases everything', async ({
  page,
  request,
}) => {
  const bodies = collectBodies(page);
  await page.goto(`${plain.url}/consent.html`);
  await page.evaluate(() =>
    (window as unknown as { kairos: { track(e: string): void } }).kairos.track('Before Consent'),
  );
  await page.waitForTimeout(1_500); // give a wrongly eager tracker the time to store or send
  expect(bodies).toHaveLength(0);
  expect(await hasDeviceDatabase(page)).toBe(false);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key !== 'kairos.consent'))).toEqual([]);

  await page.evaluate(() =>
    (window as unknown as { kairos: { consent(granted: boolean): void } }).kairos.consent(true),
  );
  await expect.poll(() => deviceRows(page, 'events')).toBe(2);
  const anonymousId = (await anonymousIdOf(page)) ?? '';
  await expect
    .poll(async () => (await serverEvents(request, anonymousId)).map((event) => event.event ?? event.type).sort())
    .toEqual(['Before Consent', 'page']);

  await page.evaluate(() =>
    (window as unknown as { kairos: { consent(granted: boolean): void } }).kairos.consent(false),
  );
  await expect.poll(() => deviceRows(page, 'events')).toBe(0);
  expect(await deviceRows(page, 'profile')).toBe(0);
  await expect.poll(async () => (await serverEvents(request, anonymousId)).length).toBe(0);
  expect(await anonymousIdOf(page)).toBeNull();
  // Denied stays denied: later calls are neither stored nor sent.
  const sentBefore = bodies.length;
  await page.evaluate(() => (window as unknown as { kairos: { track(e: string): void } }).kairos.track('After Revoke'));
  await page.waitForTimeout(1_000);
  expect(await deviceRows(page, 'events')).toBe(0);
  expect(bodies.length).toBe(sentBefore);
});

test('the demo store tracks page and product views through its own service worker', async ({ page, request }) => {
  await page.goto('/');
  await page
    .getByRole('link', { name: /Lisbon City Break/ })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: /Lisbon City Break/ })).toBeVisible();
  // A first visit holds events until the new service worker controls the page (up to 15 s, docs/embedding.md).
  await expect.poll(() => deviceRows(page, 'events'), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
  const anonymousId = (await anonymousIdOf(page)) ?? '';
  await expect
    .poll(async () => (await serverEvents(request, anonymousId)).map((event) => event.event ?? event.type).sort())
    .toEqual(['Product Viewed', 'page', 'page']);
  const viewed = (await serverEvents(request, anonymousId)).find((event) => event.event === 'Product Viewed');
  expect(viewed?.properties).toMatchObject({ product_id: 'trip-lisbon-city-break', price: 349 });
});

for (const page_ of ['index.html', 'stored.html'] as const) {
  test(`properties that are not plain JSON never break the page or lose good events (${page_}; injected: BigInt, cycle, function)`, async ({
    page,
    request,
  }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${plain.url}/${page_}`);
    await page.evaluate(() => {
      const kairos = (window as unknown as { kairos: { track(e: string, p?: object): void; flush(): void } }).kairos;
      const cycle: Record<string, unknown> = {};
      cycle.self = cycle;
      kairos.track('Good One');
      kairos.track('Big', { n: BigInt(10) });
      kairos.track('Cycle', cycle);
      kairos.track('Function', { f: () => 1 });
      kairos.track('Good Two', { ok: true });
      kairos.flush();
    });
    const anonymousId = (await anonymousIdOf(page)) ?? '';
    await expect
      .poll(async () => (await serverEvents(request, anonymousId)).map((event) => event.event ?? event.type).sort())
      .toEqual(['Big', 'Cycle', 'Function', 'Good One', 'Good Two', 'page']);
    const dropped = (await serverEvents(request, anonymousId)).find((event) => event.event === 'Big');
    expect(dropped?.properties).toEqual({ kairos_dropped: true });
    expect(errors).toEqual([]);
  });
}

test('reset() starts a new visitor: the previous profile and history leave the device', async ({ page, request }) => {
  await page.goto(`${plain.url}/stored.html`);
  await page.evaluate(() => {
    const kairos = (window as unknown as { kairos: Record<string, (...args: unknown[]) => void> }).kairos;
    kairos.identify?.('user-42', { email: 'someone@example.com' });
    kairos.track?.('Order Completed', { revenue: 19.99 });
  });
  // A first visit holds events until the new service worker controls the page (up to 15 s, docs/embedding.md).
  await expect.poll(() => deviceRows(page, 'events'), { timeout: 20_000 }).toBe(3);
  const first = (await anonymousIdOf(page)) ?? '';
  await page.evaluate(() => (window as unknown as { kairos: { reset(): void } }).kairos.reset());
  await expect.poll(() => deviceRows(page, 'profile')).toBe(0);
  expect(await deviceRows(page, 'events')).toBe(0);
  await page.evaluate(() => (window as unknown as { kairos: { track(e: string): void } }).kairos.track('Next Visitor'));
  await expect.poll(() => deviceRows(page, 'events')).toBe(1);
  const second = (await anonymousIdOf(page)) ?? '';
  expect(second).not.toBe(first);
  // What the first visitor did still reached the server, under the first id.
  await expect.poll(async () => (await serverEvents(request, first)).length).toBe(3);
  await expect.poll(async () => (await serverEvents(request, second)).length).toBe(1);
  const next = await serverEvents(request, second);
  expect(next.every((event) => event.userId === null)).toBe(true);
});

test('links carrying a NUL or an emoji at the cut point lose no event (injected: ?q=%00travel, ?utm_source=x%00y, a 199-letter query + emoji)', async ({
  page,
  request,
}) => {
  const longQuery = `${'a'.repeat(199)}😀`;
  await page.goto('/search?q=%00travel');
  await expect.poll(() => deviceRows(page, 'events'), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
  await page.goto('/?utm_source=x%00y');
  await page.goto(`/search?q=${encodeURIComponent(longQuery)}`);
  await page.goto('/'); // the valid neighbour, queued behind them
  const anonymousId = (await anonymousIdOf(page)) ?? '';
  await expect
    .poll(async () => (await serverEvents(request, anonymousId)).length, { timeout: 30_000 })
    .toBeGreaterThanOrEqual(6);
  const stored = await serverEvents(request, anonymousId);
  expect(stored.filter((event) => event.type === 'page')).toHaveLength(4);
  const queries = stored.filter((event) => event.event === 'Products Searched').map((event) => event.properties.query);
  // NUL removed on the way in; the emoji that did not fit whole was left out, not split.
  expect(queries.sort()).toEqual(['a'.repeat(199), 'travel']);
  const campaign = stored.map((event) => event.context?.campaign?.source).filter(Boolean);
  expect(campaign).toEqual(['xy']);
  await expect.poll(() => deviceRows(page, 'outbox'), { timeout: 20_000 }).toBe(0);
});
