// The console's shared figure formats: money always with its cents, and a share
// of customers over one stated base. Injected failures: a money format that
// drops trailing zeros ("12.5") or rounds to units ("13"); a share over another base.
import { describe, expect, it } from 'vitest';
import { customerBaseText, shareOfCustomers } from '@/app/console/(admin)/customer-share';
import { formatMoney } from '@/lib/analytics/money-format';

describe('money', () => {
  it('always shows two decimals, with thousands separators', () => {
    expect(formatMoney(12.5)).toBe('12.50');
    expect(formatMoney(40)).toBe('40.00');
    expect(formatMoney(8_911_407.9)).toBe('8,911,407.90');
    expect(formatMoney(0.005)).toBe('0.01');
  });
});

describe('share of customers', () => {
  it('is a part of everyone in the loaded data, to one decimal, and says so', () => {
    expect(shareOfCustomers(45, 300)).toBe('15.0%');
    expect(shareOfCustomers(1, 3)).toBe('33.3%');
    expect(shareOfCustomers(0, 0)).toBe('—');
    expect(customerBaseText(1_234)).toBe(
      'of all 1,234 customers (everyone with at least one event in the loaded data)',
    );
  });
});
