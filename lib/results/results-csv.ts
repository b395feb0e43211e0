// A campaign's results as CSV (RFC 4180, formula-safe cells): one line per
// arm with every count and rate, for a spreadsheet.
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
