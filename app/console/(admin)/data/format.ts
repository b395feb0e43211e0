// Number, money, rate and date formats shared by the console's pages.
import type { RateFigure } from '@/lib/contracts/campaign-results';

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

export const moneyFormat = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** A proportion as a percentage with one decimal. */
export const percentText = (rate: number) => `${(rate * 100).toFixed(1)}%`;
/** A rate with its 95% interval, or a dash when there is nothing to divide by. */
export const rateText = (figure: RateFigure | null) =>
  figure ? `${percentText(figure.rate)} (${percentText(figure.low)} to ${percentText(figure.high)})` : '–';
