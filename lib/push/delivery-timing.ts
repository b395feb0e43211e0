import 'server-only';
// Each delivery's due time, computed when it is queued (docs/delivery-policy.md#when-each-delivery-is-due):
// a campaign at a local time gets the next time each visitor's clock shows
// it, so a send spreads over the day as the zones come round; one at the best
// time gets the start of each visitor's most active bucket (from the server's
// engine), and the campaign's time for a visitor with too little history.
import { inArray } from 'drizzle-orm';
import type { DeliveryPolicy } from '../contracts/delivery-policy';
import type { CampaignRow } from '../db/campaigns';
import type { Database } from '../db/client';
import type { DeliveryTarget } from '../db/deliveries';
import { readDeliveryPolicy } from '../db/delivery-policy';
import { visitors } from '../db/schema';
import { type BestTime, dueTime, visitorZone } from '../delivery-policy/send-time';
import type { BestTimeParams } from '../audience/best-time-sql';

/** Where best times come from: the server's engine (ServerAudiences.bestTimes). */
export type BestTimeSource = (customers: readonly string[], params: BestTimeParams) => Promise<Map<string, BestTime>>;

/** The latest time zone of each visitor (null when their events never named one). */
export async function visitorTimeZones(
  db: Database,
  anonymousIds: readonly string[],
): Promise<Map<string, string | null>> {
  const zones = new Map<string, string | null>();
  const unique = [...new Set(anonymousIds)];
  for (let start = 0; start < unique.length; start += 1_000) {
    const rows = await db
      .select({ anonymousId: visitors.anonymousId, timeZone: visitors.timeZone })
      .from(visitors)
      .where(inArray(visitors.anonymousId, unique.slice(start, start + 1_000)));
    for (const row of rows) zones.set(row.anonymousId, row.timeZone);
  }
  return zones;
}

/** The targets with their due times (unchanged for a campaign sent at its own time). */
export async function timedTargets(
  db: Database,
  campaign: Pick<CampaignRow, 'timeMode' | 'localTime'>,
  targets: readonly DeliveryTarget[],
  base: Date,
  options: { bestTimes?: BestTimeSource | undefined; policy?: DeliveryPolicy } = {},
): Promise<DeliveryTarget[]> {
  if (campaign.timeMode === 'now' || targets.length === 0) return [...targets];
  const policy = options.policy ?? (await readDeliveryPolicy(db));
  const ids = targets.map((target) => target.anonymousId);
  const zones = await visitorTimeZones(db, ids);
  const fallbackTimeZone = visitorZone(null, policy.fallbackTimeZone);
  const best =
    campaign.timeMode === 'bestTime' && options.bestTimes
      ? await options.bestTimes(ids, {
          asOf: base.getTime(),
          weeks: policy.bestTimeWeeks,
          minEvents: policy.bestTimeMinEvents,
          fallbackTimeZone,
        })
      : new Map<string, BestTime>();
  return targets.map((target) => ({
    ...target,
    notBefore: new Date(
      dueTime({
        policy: campaign,
        base: base.getTime(),
        timeZone: zones.get(target.anonymousId) ?? undefined,
        fallbackTimeZone,
        bestTime: best.get(target.anonymousId),
      }),
    ),
  }));
}
