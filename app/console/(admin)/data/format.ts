// Number and date formats shared by the Data page's components.
export const numberFormat = new Intl.NumberFormat('en');
export const secondsFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
export const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** The engine sends dates as epoch ms: shown as ISO text in their column's precision. */
export function cellText(value: unknown, columnType: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && /^(DATE|TIMESTAMP)/i.test(columnType)) {
    const iso = new Date(value).toISOString();
    return /^DATE$/i.test(columnType) ? iso.slice(0, 10) : iso.replace('T', ' ').replace(/\.000Z$/, 'Z');
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
