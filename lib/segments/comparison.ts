// The JS side of a comparison (semantics in lib/contracts/segment.ts); the SQL
// side is lib/segments/compile-sql.ts. The differential test holds them equal.
import type { Comparison, Scalar } from '../contracts/segment';

const typedEquals = (actual: Scalar, expected: Scalar) => typeof actual === typeof expected && actual === expected;

export function compare(actual: Scalar | undefined, comparison: Comparison): boolean {
  switch (comparison.op) {
    case 'exists':
      return actual !== undefined;
    case 'notExists':
      return actual === undefined;
    case 'neq':
      return !(actual !== undefined && typedEquals(actual, comparison.value));
    default:
      break;
  }
  if (actual === undefined) return false;
  switch (comparison.op) {
    case 'eq':
      return typedEquals(actual, comparison.value);
    case 'in':
      return comparison.value.some((value) => typedEquals(actual, value));
    case 'gt':
      return typeof actual === 'number' && actual > comparison.value;
    case 'gte':
      return typeof actual === 'number' && actual >= comparison.value;
    case 'lt':
      return typeof actual === 'number' && actual < comparison.value;
    case 'lte':
      return typeof actual === 'number' && actual <= comparison.value;
    case 'contains':
      return typeof actual === 'string' && actual.includes(comparison.value);
    case 'startsWith':
      return typeof actual === 'string' && actual.startsWith(comparison.value);
  }
}
