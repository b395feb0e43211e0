// axe-core over the pages a marketer and a visitor see: no serious or critical violation.
import { expect, type Page, test } from '@playwright/test';
import { seriousViolations } from '../fixtures/axe';
import { e2eAdminPassword } from '../fixtures/e2e-env';

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test(`login, console home and store pass axe at ${viewport.width}×${viewport.height}`, async ({ page }) => {
    await page.setViewportSize(viewport);
    await page.goto('/console/login?error=invalid');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Admin password').fill(e2eAdminPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL(/\/console$/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `test-results/screens/console-home-${viewport.width}.png`, fullPage: true });
    await page.goto('/');
    expect(await seriousViolations(page)).toEqual([]);
  });
}

/** Follows a console nav link; on a narrow screen the links sit in the Menu disclosure. */
async function navigate(page: Page, label: string) {
  const nav = page.getByRole('navigation', { name: 'Console' });
  const menu = nav.getByText('Menu', { exact: true });
  if (await menu.isVisible()) await menu.click();
  await nav.getByRole('link', { name: label }).click();
}

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test(`data, segments (builder, members, saved list) and RFM pass axe at ${viewport.width}×${viewport.height}`, async ({
    page,
  }) => {
    // Four pages, a data load and six axe runs on a shared 2-core machine.
    test.setTimeout(120_000);
    await page.setViewportSize(viewport);
    const login = await page.request.post('/api/auth/login', { data: { password: e2eAdminPassword } });
    expect(login.status()).toBe(200);
    await page.goto('/console/segments');
    await expect(page.getByTestId('dataset-needed')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    await navigate(page, 'Data');
    await expect(page.getByTestId('dataset-rows')).toBeVisible({ timeout: 30_000 });
    expect(await seriousViolations(page)).toEqual([]);

    // The data loaded on the Data page is there on Segments without loading again.
    await navigate(page, 'Segments');
    await expect(page.getByTestId('segment-builder')).toBeVisible();
    await page.getByLabel('Segment: new condition').selectOption({ label: 'RFM segment' });
    await page.getByRole('button', { name: 'Add condition' }).click();
    await page.getByRole('button', { name: 'Add group' }).click();
    // An empty "any" group matches nobody: the members view says so.
    await expect(page.getByTestId('members-empty')).toBeVisible({ timeout: 20_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Remove group 2: any of 0 items' }).click();
    await expect(page.getByTestId('members-table')).toBeVisible({ timeout: 20_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `test-results/screens/console-segments-${viewport.width}.png`, fullPage: true });

    await navigate(page, 'RFM');
    await page.locator('[data-testid^="rfm-cell-"]').first().click();
    await expect(page.getByTestId('members-table')).toBeVisible({ timeout: 20_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `test-results/screens/console-rfm-${viewport.width}.png`, fullPage: true });
  });
}

test('on a phone the console Menu closes with Escape and gives focus back to its button', async ({ page }) => {
  // Injected failure: a bare <details> ignores Escape; the open menu keeps covering the page.
  await page.setViewportSize({ width: 390, height: 844 });
  const login = await page.request.post('/api/auth/login', { data: { password: e2eAdminPassword } });
  expect(login.status()).toBe(200);
  await page.goto('/console');
  const nav = page.getByRole('navigation', { name: 'Console' });
  await nav.getByText('Menu', { exact: true }).click();
  const link = nav.getByRole('link', { name: 'Segments' });
  await expect(link).toBeVisible();
  await link.focus();
  await page.keyboard.press('Escape');
  await expect(link).toBeHidden();
  await expect(nav.getByText('Menu', { exact: true })).toBeFocused();
});
