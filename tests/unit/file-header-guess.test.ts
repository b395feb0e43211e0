// The Data page reads a file without a header line when its "column names" are
// data. (Injected failure: always trusting the first line, as before.)
import { expect, test } from 'vitest';
import { firstRowLooksLikeData } from '@/app/console/(admin)/data/header-guess';

test('CDNOW-like first rows are data', () => {
  expect(firstRowLooksLikeData(['00004', '0001', '19970101', '2', '29.33'])).toBe(true);
  expect(firstRowLooksLikeData(['c1', '2025-01-05', '10.50'])).toBe(false);
  expect(firstRowLooksLikeData(['2025-01-05', '1', '1_1', '-3.5e2', '05/01/2025'])).toBe(true);
});

test('real headers are headers', () => {
  expect(firstRowLooksLikeData(['customer_id', 'order_date', 'amount', 'note'])).toBe(false);
  expect(firstRowLooksLikeData(['id', '2024'])).toBe(false);
  expect(firstRowLooksLikeData([])).toBe(false);
});
