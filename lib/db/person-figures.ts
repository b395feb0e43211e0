import 'server-only';
// A signed-in device's person-level figures for its config (docs/people.md#what-devices-see):
// the person's purchases on every device and from the backend, scored with the
// published RFM and intent models by the functions a device scores itself with
// (lib/segments/rfm-score.ts, lib/segments/intent-score.ts), so a device with
// the whole history would reach the same answer. Read from the stored events
// (the database's recent days plus what retention kept), for that person only.
import { and, eq, inArray } from 'drizzle-orm';
import type { DeviceConfig, PersonFigures } from '../contracts/device-config';
import { ecommerceEvents } from '../contracts/event-names';
import type { ProfilePurchase } from '../contracts/profile';
import { purchaseOf } from '../segments/event-facts';
import { deviceExpectedPurchases } from '../segments/intent-score';
import { intentTier } from '../segments/predicate';
import { personKey } from '../segments/person-key';
import { scorePurchases } from '../segments/rfm-score';
import type { Database } from './client';
import { currentPerson } from './identity-links';
import { personDeviceIds } from './people';
import { events } from './schema';

/** The person's purchases on every device and from the backend (their own stretch of a shared device). */
async function personPurchases(db: Database, userId: string): Promise<ProfilePurchase[]> {
  const { ids, links } = await personDeviceIds(db, userId);
  const rows = await db
    .select({ anonymousId: events.anonymousId, timestamp: events.timestamp, properties: events.properties })
    .from(events)
    .where(and(inArray(events.anonymousId, ids), eq(events.event, ecommerceEvents.orderCompleted)));
  return rows.flatMap((row) => {
    const own = links.filter((link) => link.anonymousId === row.anonymousId);
    if (personKey(own, row.anonymousId, row.timestamp.getTime()) !== userId) return [];
    const { amount, orderId } = purchaseOf(row.properties);
    return [{ time: row.timestamp.getTime(), revenue: amount, ...(orderId !== null && { orderId }) }];
  });
}

export async function personFigures(
  db: Database,
  anonymousId: string,
  config: Pick<DeviceConfig, 'rfm' | 'intent'>,
  now = Date.now(),
): Promise<PersonFigures | null> {
  const userId = await currentPerson(db, anonymousId, now);
  if (userId === null) return null;
  const purchases = config.rfm || config.intent ? await personPurchases(db, userId) : [];
  const expected = config.intent ? deviceExpectedPurchases(purchases, config.intent, now) : null;
  return {
    userId,
    rfm: config.rfm ? scorePurchases(purchases, config.rfm) : null,
    intentTier: config.intent ? intentTier(expected, config.intent.cutPoints) : null,
  };
}
