import 'server-only';
// A signed-in device's person-level figures for its config (docs/people.md#what-devices-see):
// the person's purchases on every device and from the backend, scored with the
// published RFM and intent models by the functions a device scores itself with
// (lib/segments/rfm-score.ts, lib/segments/intent-score.ts), so a device with
// the whole history would reach the same answer. Read from the stored events
// (the database's recent days plus what retention kept), for that person only.
import type { DeviceConfig, PersonFigures } from '../contracts/device-config';
import { ecommerceEvents } from '../contracts/event-names';
import type { ProfilePurchase } from '../contracts/profile';
import { purchaseOf } from '../segments/event-facts';
import { deviceExpectedPurchases } from '../segments/intent-score';
import { intentTier } from '../segments/predicate';
import { scorePurchases } from '../segments/rfm-score';
import type { Database } from './client';
import { currentPerson } from './identity-links';
import { readPerson } from './people';

export async function personFigures(
  db: Database,
  anonymousId: string,
  config: Pick<DeviceConfig, 'rfm' | 'intent'>,
  now = Date.now(),
): Promise<PersonFigures | null> {
  const userId = await currentPerson(db, anonymousId, now);
  if (userId === null) return null;
  const person = await readPerson(db, userId);
  const purchases: ProfilePurchase[] = (person?.events ?? []).flatMap((event) => {
    if (event.event !== ecommerceEvents.orderCompleted) return [];
    const { amount, orderId } = purchaseOf(event.properties);
    return [{ time: event.timestamp.getTime(), revenue: amount, ...(orderId !== null && { orderId }) }];
  });
  const expected = config.intent ? deviceExpectedPurchases(purchases, config.intent, now) : null;
  return {
    userId,
    rfm: config.rfm ? scorePurchases(purchases, config.rfm) : null,
    intentTier: config.intent ? intentTier(expected, config.intent.cutPoints) : null,
  };
}
