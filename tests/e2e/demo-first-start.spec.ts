// The first start of `npm run demo` in Chromium: its storage step
// (`kairos prepare-demo`, on small demo data) sets up the story, and the
// console's Overview walks a new user through a micro-moment: open the store,
// allow notifications, search "cheap countries to visit", and the step is
// ticked once the device's notification and its `Moment Fired` reached the
// server. The panel is checked with the keyboard and axe. This spec runs its
// own server (the port after the shared one's), since the story's rules and
// campaigns would change what the other specs see.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { e2eAdminPassword, e2ePort } from '../fixtures/e2e-env';
import { deviceRuleIds, shownNotifications } from '../fixtures/moments';
import { waitForControl } from '../fixtures/service-worker';

const port = e2ePort + 1;
const origin = `http://localhost:${port}`;
let dataDir: string;
let server: ChildProcess | undefined;

function kairos(...args: string[]): void {
  const run = spawnSync(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', 'lib/cli/kairos.ts', ...args],
    {
      env: serverEnv(),
      stdio: 'inherit',
    },
  );
  if (run.status !== 0) throw new Error(`kairos ${args.join(' ')} exited with ${run.status}`);
}

function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, KAIROS_DATA_DIR: dataDir, KAIROS_ADMIN_PASSWORD: e2eAdminPassword };
  delete env.DATABASE_URL;
  return env;
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-demo-e2e-'));
  // Small data ending today (the story's campaigns were sent in the last 40 days), then the demo's own storage step.
  kairos('seed', '--visitors', '400', '--seed', '11');
  kairos('prepare-demo');
  server = spawn(process.execPath, ['--import', 'tsx', 'server.ts', '--port', String(port)], {
    env: serverEnv(),
    stdio: 'inherit',
  });
  await expect
    .poll(async () => (await fetch(`${origin}/api/health`).catch(() => undefined))?.status, { timeout: 120_000 })
    .toBe(200);
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function logIn(page: Page): Promise<void> {
  await page.goto(`${origin}/console/login`);
  await page.getByLabel('Admin password').fill(e2eAdminPassword);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(`${origin}/console`);
}

/** Presses Tab until `target` has the focus (at most 40 times): it is reachable by keyboard, in order. */
async function tabTo(page: Page, target: Locator): Promise<void> {
  for (let press = 0; press < 40; press += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${target.toString()} was not reached with Tab`);
}

const step = (page: Page, number: number) => page.getByTestId(`getting-started-step-${number}`);

test('getting started: the store, notifications, a search, and the moment is ticked off from the events', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  await logIn(page);
  const panel = page.getByTestId('getting-started');
  await expect(panel.getByRole('heading', { name: /Getting started/ })).toBeVisible();
  await expect(panel.getByRole('status')).toHaveText('0 of 4 steps done.');

  // Injected failure this catches: a panel that is not usable without a mouse, or that axe finds fault with.
  const axe = await new AxeBuilder({ page }).include('[data-testid="getting-started"]').analyze();
  expect(axe.violations.map((violation) => violation.id)).toEqual([]);

  // Step 1, by keyboard: the link opens the store in its own window.
  await tabTo(page, panel.getByRole('link', { name: 'Open the demo store' }));
  const [store] = await Promise.all([page.waitForEvent('popup'), page.keyboard.press('Enter')]);
  await store.waitForLoadState();
  await waitForControl(store);
  // The store's worker holds the demo's rules (its config, fetched when it activated).
  await expect.poll(() => deviceRuleIds(store), { timeout: 20_000 }).toHaveLength(2);
  await expect(step(page, 1)).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
  await expect(step(page, 1)).toContainText('(done)');

  // Step 2: this browser allows the site's notifications (the store and the console share the origin).
  await expect(step(page, 2)).toHaveAttribute('data-done', 'false');
  await context.grantPermissions(['notifications'], { origin });
  await expect(step(page, 2)).toHaveAttribute('data-done', 'true', { timeout: 15_000 });

  // Step 3, by keyboard: the search link navigates the store's window, whose worker fires the moment.
  await expect(step(page, 3)).toHaveAttribute('data-done', 'false');
  await tabTo(page, panel.getByRole('link', { name: 'Search “cheap countries to visit”' }));
  await page.keyboard.press('Enter');
  await expect(store).toHaveURL(/\/search\?q=cheap\+countries\+to\+visit/);
  await expect.poll(() => shownNotifications(store), { timeout: 20_000 }).toHaveLength(1);
  const [shown] = await shownNotifications(store);
  expect(shown).toMatchObject({
    title: 'Travel for less',
    body: 'Trips from $219 picked for “cheap countries to visit”',
  });

  // Step 3 and 4 are ticked once the search and the device's `Moment Fired` reached the server.
  await expect(step(page, 3)).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
  await expect(step(page, 4)).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
  await expect(panel.getByRole('status')).toHaveText('4 of 4 steps done: that was a micro-moment.');
  await page.screenshot({ path: 'test-results/screens/getting-started.png' });

  // The Moments page counts the fire for the rule.
  await panel.getByRole('link', { name: 'Moments page' }).click();
  const row = page.getByRole('row', { name: /Budget travel/ });
  await expect(row.getByRole('cell').nth(4)).toHaveText('1');
  await page.screenshot({ path: 'test-results/screens/moments.png' });
});

test('the demo comes with saved segments and past campaigns whose results view shows real figures', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await logIn(page);
  await page.goto(`${origin}/console/campaigns`);
  // The saved segments are there to send to.
  for (const saved of ['Champions', 'At risk', 'Budget travellers']) {
    await expect(page.getByLabel('Segment')).toContainText(saved);
  }
  const name = 'Spring getaways for budget travellers';
  const listed = page.getByRole('row', { name: new RegExp(name) });
  await expect(listed).toContainText('sent');
  await listed.getByRole('button', { name: `Open ${name}` }).click();
  const results = page.getByTestId('campaign-details').getByTestId('campaign-results');
  // Two wordings and a control, each with visitors the results engine counted from deliveries and events.
  for (const arm of ['A', 'B', 'control']) {
    const visitors = results.getByTestId(`results-arm-${arm}`).getByRole('cell').first();
    await expect(visitors).toHaveText(/^[1-9][\d,]*$/, { timeout: 60_000 });
  }
  await expect(results.getByTestId('results-summary')).not.toBeEmpty();
  // For the docs: the campaign and its results table, down to the sentences (the breakdowns below are long).
  const top = await page.getByTestId('campaign-details').boundingBox();
  const end = await results.getByTestId('results-summary').boundingBox();
  if (top && end) {
    const clip = { x: top.x, y: top.y, width: top.width, height: end.y + end.height + 16 - top.y };
    await page.screenshot({ path: 'test-results/screens/campaign-results.png', fullPage: true, clip });
  }
});

test('the demo has a staged campaign with its winner, and a moment rule whose results show both groups', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await logIn(page);
  await page.goto(`${origin}/console/campaigns`);
  const name = 'Weekend deals, staged';
  await page
    .getByRole('row', { name: new RegExp(name) })
    .getByRole('button', { name: `Open ${name}` })
    .click();
  // The decision the server made when the wait was over, in words (a small demo may have no significant winner).
  const stage = page.getByTestId('campaign-details').getByTestId('details-stage');
  await expect(stage).toContainText('after 4 hours the winner by click-through goes to the rest');
  await expect(stage).toContainText(/Winner: variant [AB]/);
  await expect(stage).toContainText(/[AB] \d+\.\d% against [AB] \d+\.\d%/);

  await page.goto(`${origin}/console/moments`);
  const rule = 'Game frustration: armour offer';
  await page.getByRole('button', { name: `Results of ${rule}` }).click();
  const results = page.getByTestId('moment-results');
  for (const group of ['Shown', 'Held out']) {
    await expect(
      results
        .getByRole('row', { name: new RegExp(`^${group}`) })
        .getByRole('cell')
        .first(),
    ).toHaveText(/^[1-9][\d,]*$/, { timeout: 60_000 });
  }
  await expect(results.getByTestId('moment-results-summary')).toContainText('a lift of');
});
