// Quiet hours in the visitor's zone for server sends: a delivery due inside
// them is held until they end, or dropped when its TTL runs out first
// (docs/delivery-policy.md#quiet-hours).
import type { QuietHours } from '../contracts/delivery-policy';
import { nextWallTime, wallClock } from './zone-clock';

/** Quiet from startHour (inclusive) to endHour (exclusive), wrapping midnight when start > end; equal: never. */
export function isQuietHour(hour: number, quiet: QuietHours | null): boolean {
  if (!quiet || quiet.startHour === quiet.endHour) return false;
  return quiet.startHour < quiet.endHour
    ? hour >= quiet.startHour && hour < quiet.endHour
    : hour >= quiet.startHour || hour < quiet.endHour;
}

/** When the quiet hours around `at` end in the zone, or undefined when `at` is not in them. */
export function quietHoursEnd(at: number, timeZone: string, quiet: QuietHours | null): number | undefined {
  if (!quiet || !isQuietHour(wallClock(at, timeZone).hour, quiet)) return undefined;
  return nextWallTime(at, timeZone, quiet.endHour * 60);
}
