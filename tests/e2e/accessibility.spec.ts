// axe-core over the pages a marketer and a visitor see: no serious or critical violation.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { e2eAdminPassword } from '../fixtures/e2e-env';

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

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
