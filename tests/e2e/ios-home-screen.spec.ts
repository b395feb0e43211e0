// iPhone Safari in a tab has no Web Push: Chromium emulating its user agent,
// with PushManager and Notification deleted from the page before any script
// runs (as in Safari outside a Home Screen web app), gets the "Add to Home
// Screen" guide from kairos.subscribe() and in place of the soft prompt: the
// site's words as text, the focus moved into it, Escape closing it and the
// focus back where it was, and no error.
import { expect, type Page, test } from '@playwright/test';
import { type StaticSite, startStaticSite } from '../fixtures/static-site';

const iPhoneSafari =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.4 Mobile/15E148 Safari/604.1';

let site: StaticSite;
test.beforeAll(async ({ baseURL }) => {
  site = await startStaticSite('ios', baseURL ?? '');
});
test.afterAll(async () => {
  await site.close();
});

test.use({ userAgent: iPhoneSafari, viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

/** Errors the page throws or logs: the guide must come without any. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // The fixture site has no favicon: the browser's request for one is not the page's error.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) {
      errors.push(`${message.text()} (${message.location().url})`);
    }
  });
  return errors;
}

test.beforeEach(async ({ context }) => {
  await context.addInitScript(() => {
    const page = window as unknown as Record<string, unknown>;
    delete page.PushManager;
    delete page.Notification;
  });
});

test('kairos.subscribe() in iPhone Safari shows the Home Screen guide, keyboard first, and resolves with its status', async ({
  page,
}) => {
  const errors = collectErrors(page);
  await page.goto(`${site.url}/`);
  expect(await page.evaluate(() => 'PushManager' in window || 'Notification' in window)).toBe(false);
  await page.waitForFunction(
    () => typeof (window as { kairos?: { subscribe?: unknown } }).kairos?.subscribe === 'function',
  );

  const button = page.getByRole('button', { name: 'Get deal alerts' });
  await button.focus();
  await page.keyboard.press('Enter');
  const guide = page.getByRole('dialog', { name: 'Deals on your iPhone' });
  await expect(guide).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('#result')).toHaveText('add-to-home-screen');
  // The site's words are text, never HTML (injected: markup in data-push-ios-text).
  await expect(guide).toContainText('<b>Add</b> Example Shop to your Home Screen first:');
  await expect(guide.locator('b')).toHaveCount(0);
  await expect(guide.getByRole('listitem')).toHaveText([
    'Tap Share.',
    'Tap “Add to Home Screen”.',
    'Open Example Shop from the icon.',
  ]);
  await page.screenshot({ path: 'test-results/screens/ios-home-screen-guide.png' });
  // Keyboard: the focus moved into the guide; Escape closes it and gives the focus back.
  await expect(guide.getByRole('button', { name: 'Got it' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(guide).toHaveCount(0);
  await expect(button).toBeFocused();

  // Again, closed with its button this time.
  await page.keyboard.press('Enter');
  await expect(guide).toBeVisible({ timeout: 20_000 });
  await page.keyboard.press('Enter');
  await expect(guide).toHaveCount(0);
  await expect(button).toBeFocused();
  expect(errors).toEqual([]);
});

test('the soft prompt in iPhone Safari is the Home Screen guide, and closing it snoozes it', async ({ page }) => {
  const errors = collectErrors(page);
  const views = () =>
    page.evaluate(() => (JSON.parse(localStorage.getItem('kairos.push') ?? '{"views":0}') as { views: number }).views);
  await page.goto(`${site.url}/prompt.html`);
  await expect.poll(views, { timeout: 20_000 }).toBe(1);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.goto(`${site.url}/prompt.html`);
  const guide = page.getByRole('dialog', { name: 'Deals on your iPhone' });
  await expect(guide).toBeVisible({ timeout: 20_000 });
  // The default words where the site gave none.
  await expect(guide).toContainText('Add to Home Screen');
  await expect(guide.getByRole('button', { name: 'Close' })).toBeFocused();
  await page.screenshot({ path: 'test-results/screens/ios-home-screen-prompt.png' });
  await page.keyboard.press('Escape');
  await expect(guide).toHaveCount(0);

  // Dismissed: the next page view within the snooze shows nothing.
  await page.goto(`${site.url}/prompt.html`);
  await expect.poll(views, { timeout: 20_000 }).toBe(3);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(errors).toEqual([]);
});
