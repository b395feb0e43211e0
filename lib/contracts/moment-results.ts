// What a moment rule did: the visitors it fired for and those its holdout
// kept from it, what each group then did, and the lift the moment made.
//
//   GET /api/admin/moments/:id/results[?goal=…&clickWindowDays=N&where=…] → { results: MomentResults }
//
// How the groups are chosen on the device, and what counts: docs/moments.md, "Moment results".
import type { RateFigure, ResultsGoal } from './campaign-results';

/** One group as the outcome SQL gives it (lib/segments/moment-outcomes.ts). */
export interface MomentGroupOutcome {
  visitors: number;
  /** Decisions (fires or holdouts) counted, a visitor's repeats included. */
  decisions: number;
  clicked: number;
  converted: number;
  revenue: number;
}

export interface MomentGroup extends MomentGroupOutcome {
  /** clicked / visitors (the held-out group saw nothing: null). */
  clickThrough: RateFigure | null;
  /** Visitors with a goal event within the window after their first decision / visitors. */
  conversion: RateFigure | null;
}

export interface MomentResults {
  ruleId: number;
  computedAt: number;
  goal: ResultsGoal;
  fired: MomentGroup;
  heldOut: MomentGroup;
  /** fired − held out, conversion; null without visitors in both groups. */
  lift: { difference: number; low: number; high: number; pValue: number; significant: boolean } | null;
  summary: string[];
}
