import 'server-only';
// A whole column of a batch as one bound parameter: an array literal cast in
// SQL (`${textArray(ids)}::text[]`, then `= any(...)` or `unnest(...)`). A
// statement with one parameter per column instead of one per value costs
// PGlite and the drivers far less per row, and a batch of any size stays one
// statement (docs/automations.md#benchmarks).

/** Quotes every element, so commas, braces, spaces and NULL-looking text stay data. */
const quoted = (value: string) =>
  /["\\]/.test(value) ? `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : `"${value}"`;

/** A `text[]` literal. */
export const textArray = (values: readonly string[]): string => `{${values.map(quoted).join(',')}}`;

/** A `bigint[]` literal (integers only, so nothing to quote). */
export const bigintArray = (values: readonly number[]): string => `{${values.map((v) => Math.trunc(v)).join(',')}}`;

/** A `timestamptz[]` literal, to the millisecond (ISO 8601 in UTC). */
export const timestampArray = (values: readonly Date[]): string =>
  `{${values.map((v) => `"${v.toISOString()}"`).join(',')}}`;

/** A `text[]` literal whose elements may be SQL NULL. */
export const nullableTextArray = (values: readonly (string | null)[]): string =>
  `{${values.map((v) => (v === null ? 'NULL' : quoted(v))).join(',')}}`;
