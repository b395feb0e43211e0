// What a campaign did: its arms (variants and control), the funnel of each,
// conversions to a goal event, the lift over the control and which
// differences are significant.
//
//   GET /api/admin/campaigns/:id/results[?goal=Order%20Completed&clickWindowDays=7&viewWindowDays=0
//        &where=<JSON property filters>] → { results: CampaignResults }
//   npm run kairos -- results campaign <id> [--goal NAME --click-window-days N --view-window-days N] [--json]
//
// Counts are of visitors, except `conversions` (goal events). How a
// conversion is attributed and what the tests are: docs/campaigns-and-push.md#campaign-results.
import { z } from 'zod';
import { comparisonSchema } from './segment';

export const resultsLimits = { maxWindowDays: 90, maxFilters: 10 } as const;

/** The goal and windows results are computed with; every field has a default. */
export const resultsGoalSchema = z
  .object({
    /** The goal event's name. */
    event: z.string().trim().min(1).max(200).default('Order Completed'),
    /** Property filters the goal event must match (as a segment's event condition). */
    where: z
      .array(z.object({ property: z.string().min(1).max(200), compare: comparisonSchema }).strict())
      .max(resultsLimits.maxFilters)
      .default([]),
    /** A goal event up to this many days after a click is a conversion of that click. */
    clickWindowDays: z.coerce.number().int().min(1).max(resultsLimits.maxWindowDays).default(7),
    /** View-through: a goal event this many days after the notification was shown, without a click. 0: off. */
    viewWindowDays: z.coerce.number().int().min(0).max(resultsLimits.maxWindowDays).default(0),
  })
  .strict();
export type ResultsGoal = z.output<typeof resultsGoalSchema>;
export type ResultsGoalInput = z.input<typeof resultsGoalSchema>;

/** One visitor the campaign was for, as the outcome SQL reads it. */
export interface Recipient {
  customer: string;
  /** The variant's index (0 = A), or -1 for the control. */
  arm: number;
  /** When the visitor was sent the campaign (the control: when the others were); epoch ms. */
  anchorAt: number;
  /** At least one delivery was sent to the visitor. */
  sent: boolean;
}

/** One arm's counts as the outcome SQL gives them (lib/segments/campaign-outcomes.ts). */
export interface ArmOutcome {
  arm: number;
  visitors: number;
  sent: number;
  shown: number;
  clicked: number;
  dismissed: number;
  converted: number;
  conversions: number;
  revenue: number;
  convertedSinceSend: number;
  conversionsSinceSend: number;
  revenueSinceSend: number;
}

/** An arm's counts within one bucket of a breakdown (an RFM segment, an intent tier). */
export interface BucketOutcome extends ArmOutcome {
  bucket: string;
}

/** One UTC day of one arm: events that day (lib/segments/campaign-outcomes.ts, campaignDaysSql). */
export interface DayOutcome {
  /** YYYY-MM-DD (UTC). */
  day: string;
  arm: number;
  /** Notifications shown and clicked that day (events, not visitors). */
  shown: number;
  clicked: number;
  /** Goal events that day: a variant's attributed to the campaign, the control's after its send time. */
  conversions: number;
  revenue: number;
}

/** The breakdowns as the outcome SQL gives them. */
export interface BreakdownOutcomes {
  /** By the RFM segment each visitor was in at the send time. */
  rfm: BucketOutcome[];
  /** By the intent tier of each visitor's latest intent score before their send. */
  intent: BucketOutcome[];
  days: DayOutcome[];
}

/** A rate with its 95% Wilson interval; null when there is nothing to divide by. */
export interface RateFigure {
  rate: number;
  low: number;
  high: number;
}

export interface ArmResults {
  /** 'A'…'D', or 'control'. */
  arm: string;
  /** The variant's index (0 = A); null for the control. */
  variant: number | null;
  /** Audience members in this arm (for the control: held out). */
  visitors: number;
  /** Visitors with at least one delivery sent (the control: 0). */
  sent: number;
  shown: number;
  clicked: number;
  dismissed: number;
  /**
   * Visitors with a conversion: for a variant, attributed to this campaign
   * (latest touch); for the control, a goal event within the click window
   * after the send time.
   */
  converted: number;
  /** Goal events counted (one per order). */
  conversions: number;
  revenue: number;
  /** Visitors with a goal event within the click window after the send time, however they came: what the lift compares. */
  convertedSinceSend: number;
  rates: {
    /** shown / sent. */
    shown: number | null;
    /** clicked / shown. */
    clickThrough: RateFigure | null;
    /** converted / visitors. */
    conversion: RateFigure | null;
    /** convertedSinceSend / visitors. */
    conversionSinceSend: RateFigure | null;
    revenuePerRecipient: number | null;
  };
}

/** One two-proportion z-test. */
export interface ArmComparison {
  metric: 'clickThrough' | 'conversion';
  /** The arms compared: rate of `arm` − rate of `against`. */
  arm: string;
  against: string;
  difference: number;
  low: number;
  high: number;
  z: number;
  pValue: number;
  significant: boolean;
}

export interface CampaignLift {
  /** Conversion since the send of every targeted visitor (all variants), and of the control. */
  targeted: RateFigure;
  control: RateFigure;
  /** targeted − control, with its 95% interval and test. */
  difference: number;
  low: number;
  high: number;
  pValue: number;
  significant: boolean;
}

/** One arm within one bucket: its counts, and its click-through and conversion with intervals. */
export interface BreakdownRow {
  bucket: string;
  /** 'A'…'D', or 'control'. */
  arm: string;
  visitors: number;
  sent: number;
  shown: number;
  clicked: number;
  /** As in ArmResults: attributed for a variant, since the send for the control. */
  converted: number;
  revenue: number;
  clickThrough: RateFigure | null;
  conversion: RateFigure | null;
}

export interface DayRow {
  day: string;
  /** 'A'…'D', or 'control'. */
  arm: string;
  shown: number;
  clicked: number;
  conversions: number;
  revenue: number;
}

export interface CampaignBreakdowns {
  /** RFM segments as of the campaign's first send ("No purchase yet" for visitors without one). */
  rfm: BreakdownRow[];
  /** Intent tiers (high, medium, low, or unknown without a score) at each visitor's send. */
  intent: BreakdownRow[];
  /** Per UTC day, from the first event on. */
  days: DayRow[];
}

export interface CampaignResults {
  campaignId: number;
  /** When these were computed (epoch ms), and over how many stored events. */
  computedAt: number;
  events: number;
  goal: ResultsGoal;
  /** Targeted visitors plus the control. */
  audience: number;
  control: number;
  /** Totals over the variants (the control is sent nothing). */
  totals: Omit<ArmResults, 'arm' | 'variant'>;
  /** The variants in order, then the control when there is one. */
  arms: ArmResults[];
  lift: CampaignLift | null;
  comparisons: ArmComparison[];
  breakdowns: CampaignBreakdowns;
  /** Plain sentences: what is and is not significant, and why there is nothing to show yet. */
  summary: string[];
  /** Why the results are empty, when they are. */
  empty: 'no_deliveries' | 'no_conversions' | null;
}
