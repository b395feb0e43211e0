// Which values a segment can compare. Properties and traits are free-form JSON;
// only scalars are kept (a nested object has no order and no equality that SQL
// and JS would agree on), and the same rule runs on both sides of the engine.
import type { Scalar } from '../contracts/segment';

export function asScalar(value: unknown): Scalar | undefined {
  if (typeof value === 'string') return value.isWellFormed() && !value.includes('\u0000') ? value : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value;
  return undefined;
}

/** The scalar entries of a properties or traits object. */
export function scalarEntries(record: Record<string, unknown> | undefined): [string, Scalar][] {
  const entries: [string, Scalar][] = [];
  if (!record) return entries;
  for (const [key, raw] of Object.entries(record)) {
    const value = asScalar(raw);
    if (value !== undefined && key.length > 0 && key.isWellFormed() && !key.includes('\u0000')) {
      entries.push([key, value]);
    }
  }
  return entries;
}
