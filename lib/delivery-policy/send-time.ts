// When a visitor's delivery is due, computed once at queue time
// (docs/delivery-policy.md#when-each-delivery-is-due): the campaign's time;
// or the next time the visitor's clock shows the campaign's local time; or
// the start of the visitor's best two-hour bucket, next time it comes round.
import type { CampaignPolicy } from '../contracts/delivery-policy';
import { knownZone, minuteOfDay, nextWallTime } from './zone-clock';

/** Twelve two-hour buckets of the local day, as CleverTap's best time uses: bucket b covers hours 2b and 2b + 1. */
export const bestTimeBuckets = 12;
export const bucketHours = 24 / bestTimeBuckets;

/** A visitor's most active bucket in their zone (from the server's events), when they have history enough. */
export interface BestTime {
  bucket: number;
  timeZone: string;
}

export interface DueTimeInput {
  policy: Pick<CampaignPolicy, 'timeMode' | 'localTime'>;
  /** The campaign's own time: its schedule, or now. */
  base: number;
  /** The visitor's latest time zone, or undefined when their events named none. */
  timeZone: string | undefined;
  fallbackTimeZone: string;
  bestTime: BestTime | undefined;
}

/** The zone a visitor's wall clock is read in: their own when Intl knows it, else the fallback. */
export const visitorZone = (timeZone: string | null | undefined, fallback: string): string =>
  timeZone && knownZone(timeZone) ? timeZone : knownZone(fallback) ? fallback : 'UTC';

export function dueTime({ policy, base, timeZone, fallbackTimeZone, bestTime }: DueTimeInput): number {
  if (policy.timeMode === 'localTime' && policy.localTime) {
    return nextWallTime(base, visitorZone(timeZone, fallbackTimeZone), minuteOfDay(policy.localTime));
  }
  if (policy.timeMode === 'bestTime' && bestTime) {
    const bucket = Math.min(bestTimeBuckets - 1, Math.max(0, Math.trunc(bestTime.bucket)));
    return nextWallTime(base, visitorZone(bestTime.timeZone, fallbackTimeZone), bucket * bucketHours * 60);
  }
  // Best time without history enough falls back to the campaign's time (its local time when it has one).
  if (policy.timeMode === 'bestTime' && policy.localTime) {
    return nextWallTime(base, visitorZone(timeZone, fallbackTimeZone), minuteOfDay(policy.localTime));
  }
  return base;
}
