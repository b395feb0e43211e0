// What one visitor looks like to the on-device evaluator (the JS predicate of a
// segment tree). The service worker builds it from its IndexedDB store; tests
// build it from a dataset (lib/segments/profile.ts). Times are epoch ms (UTC).
import type { IntentModel, PersonFigures } from './device-config';
import type { VisitorGeo } from './geo';
import type { IntentTier, RfmSegmentName, Scalar } from './segment';

export interface ProfileEvent {
  time: number;
  /** Scalar properties only: nested objects and arrays are not comparable. */
  properties: Record<string, Scalar>;
}

export interface ProfilePurchase {
  time: number;
  revenue: number;
  /** The order's id when purchases are counted per order (an invoice number). */
  orderId?: string;
}

export interface VisitorProfile {
  customer: string;
  /** Latest scalar value of each trait (identify calls and event traits, by time). */
  traits: Record<string, Scalar>;
  /** Every event by name (`page` and `identify` calls under their type), in time order. */
  events: Record<string, ProfileEvent[]>;
  purchases: ProfilePurchase[];
  /** Latest known context; absent when no event carried it. */
  context: { device?: string; browser?: string; locale?: string; timezone?: string };
  /** The latest known place (the server's context.geo); absent on a device, whose events carry none. */
  geo?: VisitorGeo;
  /** The intent score (docs/console.md#predictive-intent-bgnbd); null until one is computed. */
  intentScore: number | null;
}

/**
 * Published RFM model: enough for a device to score itself with the engine's
 * answer. Cut points are the 20/40/60/80 % quantiles (lower value, see
 * lib/segments/rfm.ts); monetary values are compared in whole cents.
 */
export interface RfmModel {
  version: 1;
  /** Reference time (epoch ms): recency is counted in whole days up to it; later purchases are ignored. */
  asOf: number;
  cutPoints: { recencyDays: number[]; frequency: number[]; monetaryCents: number[] };
  /** grid[r - 1][f - 1] is the segment of an R score r and F score f. */
  segmentGrid: RfmSegmentName[][];
}

export interface RfmScore {
  recencyDays: number;
  frequency: number;
  monetaryCents: number;
  r: number;
  f: number;
  m: number;
  segment: RfmSegmentName;
}

/** Published intent cut points: score >= high is high, >= medium is medium, else low. */
export interface IntentCutPoints {
  high: number;
  medium: number;
}

/** Without a published intent model, a visitor's score is this numeric trait (both evaluators read it). */
export const intentScoreTrait = 'intentScore';

/** What a predicate needs beyond the profile: the clock and the published thresholds. */
export interface PredicateContext {
  asOf: number;
  rfm: RfmModel | null;
  intent: IntentCutPoints;
  /** The published BG/NBD model: when set, the intent condition uses it instead of the trait. */
  intentModel?: IntentModel | null;
  /** A signed-in visitor's person-level figures (lib/contracts/device-config.ts): used instead of the device's own history. */
  person?: PersonFigures | null;
  /**
   * Where the device is now, from its config response (docs/geography.md):
   * when set, geo conditions read it instead of the profile's place.
   */
  geo?: VisitorGeo | null;
}

export type { IntentTier };
