// The cart trigger in Chromium: `Product Added` with no `Order
// Completed` within the rule's wait (the smallest the contract allows: one
// minute). Browsers stop an idle service worker within about 30 s, so the
// three fates of a cart run side by side, each in its own browser context:
// the worker stays alive and its timer shows the notification; the worker is
// stopped during the wait and the next page view after it shows the
// notification; the order is completed in time and nothing shows.
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import type { MomentRule } from '@/lib/contracts/moment-rule';
import { deviceMeta } from '../fixtures/device-store';
import {
  createMomentRule,
  deviceDecisions,
  shownNotifications,
  stopServiceWorkers,
  visitorWithRules,
  withOwnMomentRules,
} from '../fixtures/moments';

withOwnMomentRules();

const waitMs = 60_000;

/** The tracker's call, as a site's "Add to cart" button makes it; returns the event's time (page clock). */
const track = (page: Page, event: string, properties: object) =>
  page.evaluate(
    ({ event, properties }) => {
      const at = Date.now();
      (window as unknown as { kairos: { track(e: string, p: object): void } }).kairos.track(event, properties);
      return at;
    },
    { event, properties },
  );

/** Until the returned function is called, the page talks to its worker every 5 s (a message no handler answers). */
function keepWorkerAlive(page: Page): () => void {
  const timer = setInterval(() => {
    void page.evaluate(() => navigator.serviceWorker.controller?.postMessage({ type: 'keep-alive' })).catch(() => {});
  }, 5_000);
  return () => clearInterval(timer);
}

/** The cart's events reached the device: the worker's cart is started (or gone) in IndexedDB. */
const cartStored = async (page: Page) => (await deviceMeta(page, 'moments.cart')) !== undefined;

/** A visitor whose device holds the rule (set up one at a time: three first installs at once crowd a 2-core machine). */
async function visitor(context: BrowserContext, rule: MomentRule): Promise<Page> {
  const page = await context.newPage();
  await visitorWithRules(page, [rule.id]);
  return page;
}

/** The visitor puts a trip in the cart; returns when (page clock) once the device has the cart. */
async function addToCart(page: Page): Promise<number> {
  const addedAt = await track(page, 'Product Added', { product_id: 'trip-lisbon-city-break', price: 420 });
  await expect.poll(() => cartStored(page), { timeout: 20_000 }).toBe(true);
  return addedAt;
}

test('a cart left shows its notification after the wait: worker alive, worker stopped, order completed', async ({
  browser,
  request,
}) => {
  test.slow();
  const rule = await createMomentRule(request, {
    name: 'Cart left',
    trigger: { kind: 'cartAbandoned', afterMinutes: 1 },
    message: { title: 'Your trip is still in the cart', body: 'It is held for you until tonight.', url: '/cart' },
  });
  const contexts = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
  const pages: Page[] = [];
  for (const context of contexts) pages.push(await visitor(context, rule));

  // (a) The worker lives through the wait: its timer shows the notification when the wait is over.
  const alive = async () => {
    const page = pages[0]!;
    const addedAt = await addToCart(page);
    const stop = keepWorkerAlive(page);
    try {
      await expect
        .poll(() => shownNotifications(page), { timeout: waitMs + 20_000, intervals: [1_000] })
        .toHaveLength(1);
    } finally {
      stop();
    }
    const [shown] = await shownNotifications(page);
    expect(shown).toMatchObject({ title: 'Your trip is still in the cart', data: { ruleId: rule.id } });
    // Injected failure: a timer set for the wrong time (early), or none (then only a later wake-up shows it).
    expect(shown!.timestamp - addedAt).toBeGreaterThanOrEqual(waitMs);
    expect(shown!.timestamp - addedAt).toBeLessThan(waitMs + 10_000);
  };

  // (b) The visitor leaves and the browser stops the worker during the wait: its timer dies with it,
  // and the next page view after the wait (a new worker, reading the cart back) shows the notification.
  const stopped = async () => {
    const page = pages[1]!;
    const addedAt = await addToCart(page);
    await page.close();
    // A blank page only to reach the DevTools protocol: no page of the site is open during the wait.
    const other = await contexts[1]!.newPage();
    await stopServiceWorkers(other);
    await other.close();
    const pause = addedAt + waitMs + 2_000 - Date.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, pause)));
    const back = await contexts[1]!.newPage();
    const viewedAt = Date.now();
    await back.goto('/');
    await expect.poll(() => shownNotifications(back), { timeout: 20_000 }).toHaveLength(1);
    const [shown] = await shownNotifications(back);
    expect(shown).toMatchObject({ title: 'Your trip is still in the cart', data: { ruleId: rule.id } });
    // Shown by the page view, not by a timer that should have died with the worker.
    expect(shown!.timestamp).toBeGreaterThanOrEqual(viewedAt);
    expect((await deviceDecisions(back)).map((d) => [d.ruleId, d.trigger, d.outcome])).toEqual([
      [rule.id, 'cartAbandoned', 'fired'],
    ]);
  };

  // (c) The order is completed within the wait: nothing shows, and the log says why.
  const completed = async () => {
    const page = pages[2]!;
    const addedAt = await addToCart(page);
    await track(page, 'Order Completed', { order_id: 'order-1', revenue: 420 });
    await expect.poll(() => cartStored(page), { timeout: 20_000 }).toBe(false);
    // The worker lives past the wait: a cart not cleared by the order would fire on its timer.
    const stop = keepWorkerAlive(page);
    try {
      const pause = addedAt + waitMs + 5_000 - Date.now();
      await page.waitForTimeout(Math.max(0, pause));
    } finally {
      stop();
    }
    expect(await shownNotifications(page)).toEqual([]);
    expect((await deviceDecisions(page)).map((d) => [d.ruleId, d.trigger, d.outcome, d.reason])).toEqual([
      [rule.id, 'cartAbandoned', 'skipped', 'orderCompleted'],
    ]);
  };

  try {
    await Promise.all([alive(), stopped(), completed()]);
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
});
