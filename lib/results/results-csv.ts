// A campaign's results as CSV (RFC 4180, formula-safe cells): one line per
// arm with every count and rate, for a spreadsheet; and its breakdowns, one
// line per bucket (or day) and arm.
import { csvLine } from '../analytics/csv-cell';
import type { CampaignResults, RateFigure } from '../contracts/campaign-results';

export const resultsCsvHeader = [
  'arm',
  'visitors',
  'sent',
  'shown',
  'clicked',
  'dismissed',
  'converted',
  'conversions',
  'revenue',
  'converted_since_send',
  'shown_rate',
  'click_through',
  'click_through_low',
  'click_through_high',
  'conversion_rate',
  'conversion_low',
  'conversion_high',
  'revenue_per_recipient',
] as const;

const figure = (rate: RateFigure | null) => (rate ? [rate.rate, rate.low, rate.high] : ['', '', '']);

export function campaignResultsCsv(results: CampaignResults): string {
  const lines = [csvLine(resultsCsvHeader)];
  for (const arm of results.arms) {
    lines.push(
      csvLine([
        arm.arm,
        arm.visitors,
        arm.sent,
        arm.shown,
        arm.clicked,
        arm.dismissed,
        arm.converted,
        arm.conversions,
        arm.revenue,
        arm.convertedSinceSend,
        arm.rates.shown ?? '',
        ...figure(arm.rates.clickThrough),
        ...figure(arm.rates.conversion),
        arm.rates.revenuePerRecipient ?? '',
      ]),
    );
  }
  return lines.join('');
}

export const breakdownCsvHeader = [
  'breakdown',
  'bucket',
  'arm',
  'visitors',
  'sent',
  'shown',
  'clicked',
  'converted',
  'conversions',
  'revenue',
  'click_through',
  'conversion_rate',
  'conversion_low',
  'conversion_high',
] as const;

/**
 * RFM segment and intent tier rows count visitors; `day` rows (bucket: the
 * UTC date) count that day's events: notifications shown and clicked, and
 * conversions, with no visitor columns.
 */
export function campaignBreakdownCsv(results: CampaignResults): string {
  const lines = [csvLine(breakdownCsvHeader)];
  const { rfm, intent, days } = results.breakdowns;
  for (const [name, rows] of [
    ['rfm_segment', rfm],
    ['intent_tier', intent],
  ] as const) {
    for (const row of rows) {
      lines.push(
        csvLine([
          name,
          row.bucket,
          row.arm,
          row.visitors,
          row.sent,
          row.shown,
          row.clicked,
          row.converted,
          '',
          row.revenue,
          row.clickThrough?.rate ?? '',
          ...figure(row.conversion),
        ]),
      );
    }
  }
  for (const day of days) {
    lines.push(
      csvLine([
        'day',
        day.day,
        day.arm,
        '',
        '',
        day.shown,
        day.clicked,
        '',
        day.conversions,
        day.revenue,
        '',
        '',
        '',
        '',
      ]),
    );
  }
  return lines.join('');
}
