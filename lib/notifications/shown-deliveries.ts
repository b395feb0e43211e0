// The device's ledger of campaign deliveries already shown. The server's
// outbox is at least once: a push the push service accepted just before a
// crash, whose outcome was not yet recorded, is sent again after the restart
// (Web Push has no idempotency key). Each message carries its delivery id, and
// the service worker shows an id only the first time it claims it here.
import type { DeviceDatabase } from '../store/database';

/**
 * How long an id is remembered. A resend follows its first copy by the
 * server's downtime plus the lease (minutes, at most hours in practice) and
 * the push service holds a message for its TTL (at most 28 days in the
 * console): 60 days covers both with room; older ids are pruned.
 */
export const shownDeliveryHorizonMs = 60 * 86_400_000;

/**
 * Claims the delivery for showing: true the first time, false when it was
 * shown before. One readwrite transaction, so two copies handled at once
 * (IndexedDB serialises overlapping readwrite transactions) cannot both win.
 */
export async function claimShowing(db: DeviceDatabase, deliveryId: number, now = Date.now()): Promise<boolean> {
  return db.transaction('readwrite', ['shownDeliveries'], async ({ shownDeliveries }) => {
    await shownDeliveries.deleteWhere('shownAt', { below: now - shownDeliveryHorizonMs });
    if (await shownDeliveries.get(deliveryId)) return false;
    await shownDeliveries.add({ deliveryId, shownAt: now });
    return true;
  });
}

/** The notification could not be shown after all: a later copy may show it. */
export async function releaseShowing(db: DeviceDatabase, deliveryId: number): Promise<void> {
  await db.shownDeliveries.delete(deliveryId);
}
