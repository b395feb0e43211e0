// The console's Data page with a file as the source: the marketer drops a file,
// sees its preview and suggested mapping, loads it into the analytics worker.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { e2eAdminPassword } from '../fixtures/e2e-env';
import { cdnowMasterFile, sharedDataSkipReason } from '../fixtures/shared-data';

const hostile = '<img src=x onerror=alert(1)>';
// 6 rows by 3 customers; one note is markup that must show as text.
const ordersCsv = [
  'customer_id,order_date,amount,note',
  'c1,2025-01-05,10.50,first',
  'c1,2025-02-10,20.00,',
  'c2,2025-01-20,5.25,"' + hostile + '"',
  'c2,2025-03-01,7.75,',
  'c3,2025-02-14,100.00,gift',
  'c3,2025-04-30,12.00,',
].join('\n');

// Next's route announcer is an empty alert too: the page's own alerts say what failed.
const errorNote = (page: Page) => page.getByRole('alert').filter({ hasText: /could not be/ });

async function openFileSource(page: Page) {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const login = await page.request.post('/api/auth/login', { data: { password: e2eAdminPassword } });
  expect(login.status()).toBe(200);
  await page.goto('/console/data');
  await page.getByRole('radio', { name: 'A file' }).check();
  return { dialogs, fileInput: page.getByLabel('Data file') };
}

test('a dropped CSV previews with its columns and suggested mapping, and loads with that mapping', async ({ page }) => {
  const { dialogs, fileInput } = await openFileSource(page);
  await fileInput.setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(ordersCsv) });

  const preview = page.getByRole('region', { name: 'File preview' });
  await expect(preview.getByTestId('file-format')).toHaveText('CSV', { timeout: 30_000 });
  await expect(preview.getByTestId('file-rows')).toHaveText('6');
  const headers = preview.getByRole('columnheader');
  await expect(headers).toHaveCount(4);
  for (const [index, name] of ['customer_id', 'order_date', 'amount', 'note'].entries()) {
    await expect(headers.nth(index)).toContainText(name);
  }
  await expect(preview.getByRole('row')).toHaveCount(7);
  // The markup is a cell's text, not an element.
  await expect(preview.getByRole('cell', { name: hostile, exact: true })).toBeVisible();
  await expect(preview.locator('img')).toHaveCount(0);

  await expect(page.getByLabel('Customer')).toHaveValue('customer_id');
  await expect(page.getByLabel('Time')).toHaveValue('order_date');
  await expect(page.getByLabel('Amount (column or SQL expression)')).toHaveValue('amount');
  await expect(page.getByLabel('Event name (optional)')).toHaveValue('');
  await expect(page.getByLabel('Order (optional)')).toHaveValue('');

  // A mapping the engine refuses shows its message; the form stays for a correction.
  await page.getByLabel('Amount (column or SQL expression)').fill('no_such_column * 2');
  await page.getByRole('button', { name: 'Load' }).click();
  await expect(errorNote(page)).toContainText('The file could not be loaded.');
  await expect(errorNote(page)).toContainText('no_such_column');

  await page.getByLabel('Amount (column or SQL expression)').fill('amount');
  await page.getByRole('button', { name: 'Load' }).click();
  await expect(page.getByTestId('dataset-rows')).toHaveText('6', { timeout: 30_000 });
  await expect(page.getByTestId('dataset-customers')).toHaveText('3');
  await expect(page.getByTestId('dataset-range')).toContainText('Jan 5, 2025');
  await expect(page.getByTestId('dataset-range')).toContainText('Apr 30, 2025');
  await expect(errorNote(page)).toHaveCount(0);
  await page.screenshot({ path: 'test-results/screens/console-data-file.png', fullPage: true });
  expect(dialogs).toEqual([]);

  // Back to the server's events: they load again, with their Reload button.
  await page.getByRole('radio', { name: 'Server events' }).check();
  await expect(page.getByRole('button', { name: 'Reload' })).toBeVisible();
  await expect(page.getByTestId('dataset-rows')).not.toHaveText('6', { timeout: 30_000 });
});

test('a file that cannot be read shows why, and no preview', async ({ page }) => {
  const { fileInput } = await openFileSource(page);
  await fileInput.setInputFiles({
    name: 'broken.parquet',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('this is not a parquet file'),
  });
  const alert = errorNote(page);
  await expect(alert).toContainText('broken.parquet could not be read.', { timeout: 30_000 });
  await expect(alert.locator('p').nth(1)).not.toBeEmpty();
  await expect(page.getByRole('region', { name: 'File preview' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Load' })).toHaveCount(0);

  // A readable file afterwards replaces the error with its preview.
  await fileInput.setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(ordersCsv) });
  await expect(page.getByTestId('file-rows')).toHaveText('6', { timeout: 30_000 });
  await expect(errorNote(page)).toHaveCount(0);
});

test('CDNOW master (whitespace-separated text) loads 69,659 purchases by 23,570 customers', async ({ page }) => {
  // CDNOW_sample.txt has no header line, so its first purchase would name the columns: the master file has one.
  const skip = sharedDataSkipReason(cdnowMasterFile);
  // Skipped only when the real data sets are absent (a clone outside the development machine has no
  // CDNOW_master.txt; docs/architecture.md#the-real-data-sets): the skip's message names the missing file.
  test.skip(skip !== undefined, skip);
  const { fileInput } = await openFileSource(page);
  await fileInput.setInputFiles({
    name: 'CDNOW_master.txt',
    mimeType: 'text/plain',
    buffer: readFileSync(cdnowMasterFile),
  });
  await expect(page.getByTestId('file-format')).toHaveText('Whitespace-separated text', { timeout: 30_000 });
  await expect(page.getByTestId('file-rows')).toHaveText('69,659');
  await expect(page.getByLabel('Customer')).toHaveValue('customer_id');
  await expect(page.getByLabel('Time')).toHaveValue('date');
  await expect(page.getByLabel('Amount (column or SQL expression)')).toHaveValue('dollar_value');
  await page.getByRole('button', { name: 'Load' }).click();
  await expect(page.getByTestId('dataset-rows')).toHaveText('69,659', { timeout: 30_000 });
  await expect(page.getByTestId('dataset-customers')).toHaveText('23,570');
  await expect(page.getByTestId('dataset-range')).toContainText('Jan 1, 1997');
  await expect(page.getByTestId('dataset-range')).toContainText('Jun 30, 1998');
});

test('a file without a header line is read with every row, and the header choice can be changed', async ({ page }) => {
  // Injected failure: trusting the first line as column names loses a row and names columns "00004", "19970101"...
  const { fileInput } = await openFileSource(page);
  const cdnowLike = [
    ' 00004 0001 19970101  2   29.33',
    ' 00004 0001 19970118  2   29.73',
    ' 00005 0001 19970102  1   14.96',
    ' 00006 0001 19970301  3   60.00',
  ].join('\n');
  await fileInput.setInputFiles({ name: 'cdnow-like.txt', mimeType: 'text/plain', buffer: Buffer.from(cdnowLike) });
  const preview = page.getByRole('region', { name: 'File preview' });
  const header = preview.getByRole('checkbox', { name: 'First row is a header' });
  await expect(preview.getByTestId('file-rows')).toHaveText('4', { timeout: 30_000 });
  await expect(header).not.toBeChecked();
  await expect(preview.getByRole('columnheader').first()).toContainText('column0');

  // The marketer says there is a header: the first row becomes names; then back.
  await header.check();
  await expect(preview.getByTestId('file-rows')).toHaveText('3', { timeout: 30_000 });
  await expect(header).toBeChecked();
  await preview.getByRole('checkbox', { name: 'First row is a header' }).uncheck();
  await expect(preview.getByTestId('file-rows')).toHaveText('4', { timeout: 30_000 });

  await page.getByLabel('Customer').selectOption('column0');
  await page.getByLabel('Time').selectOption('column2');
  await page.getByLabel('Amount (column or SQL expression)').fill('column4');
  await page.getByRole('button', { name: 'Load' }).click();
  await expect(page.getByTestId('dataset-rows')).toHaveText('4', { timeout: 30_000 });
  await expect(page.getByTestId('dataset-customers')).toHaveText('3');
});
