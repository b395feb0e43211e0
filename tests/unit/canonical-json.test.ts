// A published model read back from jsonb has its keys in another order; it is
// still the same model. (Injected failure: a plain JSON.stringify comparison.)
import { expect, test } from 'vitest';
import { sameJson } from '@/lib/contracts/canonical-json';

test('the same model with keys in another order is the same model', () => {
  const onScreen = { asOf: 1, cuts: { recency: [1, 2], frequency: [3] }, grid: [{ r: 1, f: 2, name: 'x' }] };
  const fromServer = { grid: [{ name: 'x', f: 2, r: 1 }], cuts: { frequency: [3], recency: [1, 2] }, asOf: 1 };
  expect(sameJson(fromServer, onScreen)).toBe(true);
});

test('a different value or array order is a different model', () => {
  expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  expect(sameJson({ a: 1, b: 2 }, { a: 1, b: 3 })).toBe(false);
  expect(sameJson({ a: 1 }, { a: 1, b: null })).toBe(false);
});
