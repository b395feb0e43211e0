// SQL literals for DuckDB. Segment values are escaped here, in one place: the
// engine runs segment SQL as a pending query it can cancel, and DuckDB-WASM's
// pending queries take no bound parameters. DuckDB's standard strings know one
// escape only (a doubled quote; backslashes are plain characters), so doubling
// quotes is complete. NUL and ill-formed Unicode are refused, not mangled.
import type { Scalar } from '../contracts/segment';

export function sqlString(value: string): string {
  if (value.includes('\u0000') || !value.isWellFormed()) {
    throw new Error('A SQL string must be well-formed text without NUL characters.');
  }
  return `'${value.replaceAll("'", "''")}'`;
}

/** Doubles go through DuckDB's string-to-double parser: exact round trip of JS's shortest form. */
export function sqlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`Not a finite number: ${value}`);
  return `CAST('${String(value)}' AS DOUBLE)`;
}

export function sqlInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`Not a safe integer: ${value}`);
  return String(value);
}

export const sqlBoolean = (value: boolean) => (value ? 'TRUE' : 'FALSE');

export function sqlScalar(value: Scalar): string {
  if (typeof value === 'string') return sqlString(value);
  if (typeof value === 'number') return sqlNumber(value);
  return sqlBoolean(value);
}

/** A quoted identifier (a column of a marketer's file): double quotes doubled. */
export function sqlIdentifier(name: string): string {
  if (name.includes('\u0000') || !name.isWellFormed()) throw new Error('Invalid identifier.');
  return `"${name.replaceAll('"', '""')}"`;
}
