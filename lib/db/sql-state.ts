// Telling a row the database refuses from a database that is not answering:
// the first is the row's fault and retrying it cannot help, the second is
// worth a retry. https://www.postgresql.org/docs/current/errcodes-appendix.html

/** The SQLSTATE of a database error: pg and PGlite set `code`, Drizzle wraps them in `cause`. */
export function sqlState(error: unknown): string | undefined {
  for (let at = error, depth = 0; at && typeof at === 'object' && depth < 5; depth++) {
    const code = (at as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    at = (at as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Data exceptions (22), integrity violations (23) and program limits (54): the rows are at fault. */
export const isRowFault = (error: unknown): boolean => /^(22|23|54)/.test(sqlState(error) ?? '');
