// The composer's preview per browser: the same message as Chrome on Windows,
// Chrome on Android, Firefox, Safari on macOS and Safari on iOS show it. The
// action buttons and the big image appear only for the Chromium ones; a
// button whose link the notification itself does not reach is warned about.
// A screenshot per browser goes to test-results/screens/.
import { expect, test } from '@playwright/test';
import { loginAsAdmin } from '../fixtures/admin';

const browsers = [
  { name: 'Chrome on Windows', id: 'chrome-windows', buttons: true },
  { name: 'Chrome on Android', id: 'chrome-android', buttons: true },
  { name: 'Firefox', id: 'firefox', buttons: false },
  { name: 'Safari on macOS', id: 'safari-macos', buttons: false },
  { name: 'Safari on iOS', id: 'safari-ios', buttons: false },
];

test('the composer previews the message per browser: buttons and image only for Chromium, a warning for a button-only link', async ({
  page,
}) => {
  await loginAsAdmin(page.request);
  await page.goto('/console/campaigns');
  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible();
  await page.getByLabel('Title').fill('Lisbon for €199: three nights by the river, flights included');
  await page
    .getByLabel('Text', { exact: true })
    .fill('Book by Sunday and the second night is on us. Breakfast on the terrace included.');
  await page.getByLabel('Link', { exact: true }).fill('/products/trip-lisbon-city-break');
  await page.getByLabel('Image URL').fill('/icons/icon-512.png');
  await page.getByLabel('Button 1 label').fill('Book now');
  await page.getByLabel('Button 1 link').fill('/checkout?trip=lisbon');
  await page.getByLabel('Button 2 label').fill('Details');

  const preview = page.getByTestId('notification-preview');
  const choices = page.getByRole('group', { name: 'Browser' });
  for (const browser of browsers) {
    const choice = choices.getByRole('button', { name: browser.name, exact: true });
    await choice.click();
    await expect(choice).toHaveAttribute('aria-pressed', 'true');
    await expect(preview).toHaveAttribute('data-browser', browser.id);
    await expect(preview.getByTestId('preview-actions')).toHaveCount(browser.buttons ? 1 : 0);
    await expect(preview.getByText('Book now')).toHaveCount(browser.buttons ? 1 : 0);
    await expect(preview.locator('img[src="/icons/icon-512.png"]')).toHaveCount(browser.buttons ? 1 : 0);
    await page
      .getByRole('region', { name: 'Preview' })
      .screenshot({ path: `test-results/screens/campaign-preview-${browser.id}.png` });
  }
  // Android cuts the 60-character title to about 40.
  await choices.getByRole('button', { name: 'Chrome on Android' }).click();
  await expect(preview).toContainText('Lisbon for €199: three nights by the ri…');

  // "Book now" goes where the notification does not: on Firefox and Safari nobody gets there.
  await expect(page.getByTestId('button-link-warning')).toHaveCount(1);
  await expect(page.getByTestId('button-link-warning')).toContainText(
    '“Book now” is the only way to /checkout?trip=lisbon',
  );
  await page.getByLabel('Button 1 link').fill('/products/trip-lisbon-city-break');
  await expect(page.getByTestId('button-link-warning')).toHaveCount(0);
});

test('Settings says whether the manifest lets iPhone and iPad visitors get Web Push', async ({ page }) => {
  await loginAsAdmin(page.request);
  await page.goto('/console/settings');
  const panel = page.getByRole('region', { name: 'iPhone and iPad (Home Screen)' });
  await expect(panel).toBeVisible();
  // The demo store's manifest is standalone, named, with 192 and 512 pixel icons.
  await expect(panel.getByTestId('home-screen-ready')).toContainText('has what iOS needs');
  await expect(panel.getByRole('alert')).toHaveCount(0);
});
