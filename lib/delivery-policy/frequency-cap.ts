// Frequency caps across every message a visitor receives: campaigns,
// automations and moments together, at most `perDay` in any 24 hours and
// `perWeek` in any 7 days (rolling windows, so a cap means the same on the
// server and on a device whatever the zone). The server counts its sent
// deliveries and the `Moment Fired` events devices report; a device counts
// its own fires and the server's notifications it showed.
import type { ChannelCaps } from '../contracts/delivery-policy';

export const dayMs = 86_400_000;
export const weekMs = 7 * dayMs;

/** Whether one more message at `now` would pass a cap, given the times of the visitor's earlier messages. */
export function capReached(
  messageTimes: readonly number[],
  now: number,
  caps: ChannelCaps | null | undefined,
): boolean {
  if (!caps || (caps.perDay === null && caps.perWeek === null)) return false;
  let day = 0;
  let week = 0;
  for (const at of messageTimes) {
    if (at > now) continue;
    if (now - at < dayMs) day++;
    if (now - at < weekMs) week++;
  }
  return (caps.perDay !== null && day >= caps.perDay) || (caps.perWeek !== null && week >= caps.perWeek);
}
