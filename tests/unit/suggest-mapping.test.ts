// The column mapping suggested for a dropped file (the console prefills its form with it).
import { describe, expect, test } from 'vitest';
import { suggestMapping } from '@/lib/analytics/file-loader';

const columns = (...names: string[]) => names.map((name) => ({ name, type: 'VARCHAR' }));

describe('suggestMapping', () => {
  test('order_date is the time, not the order id', () => {
    expect(suggestMapping(columns('customer_id', 'order_date', 'amount'))).toEqual({
      customer: 'customer_id',
      time: 'order_date',
      amount: 'amount',
    });
  });

  test('invoice and order ids are suggested as the order', () => {
    expect(suggestMapping(columns('InvoiceNo', 'InvoiceDate', 'CustomerID')).order).toBe('InvoiceNo');
    expect(suggestMapping(columns('order_id', 'created_at', 'user_id')).order).toBe('order_id');
  });
});
