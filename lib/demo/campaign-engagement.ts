// The device events a past demo campaign's recipients would have sent: a
// notification shown, then clicked or dismissed, and the orders that followed,
// in the shapes the service worker and the tracker record them
// (lib/notifications/handlers.ts, lib/demo/visit.ts). The campaign's results
// are then computed from these events by the real results path, like any
// campaign's (docs/campaigns-and-push.md#campaign-results).
import type { Recipient } from '../contracts/campaign-results';
import type { KairosEvent } from '../contracts/event';
import { ecommerceEvents, notificationEventNames } from '../contracts/event-names';
import { products } from './catalog';
import { Random } from './random';
import type { DemoEngagement } from './story';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

const trips = products.filter((item) => item.category === 'trips' || item.category === 'travel-gear');

/**
 * Events for every recipient, each from its own random stream (the campaign's
 * seed and the visitor's place), none later than `until`.
 */
export function engagementEvents(
  campaignId: number,
  recipients: readonly Recipient[],
  engagement: DemoEngagement,
  options: { seed: number; until: number },
): KairosEvent[] {
  const out: KairosEvent[] = [];
  recipients.forEach((recipient, index) => {
    const rng = new Random(options.seed + campaignId, index);
    const emit = (event: string, at: number, properties: Record<string, unknown>) => {
      if (at > options.until) return;
      out.push({
        messageId: rng.uuid(),
        type: 'track',
        event,
        properties,
        traits: {},
        anonymousId: recipient.customer,
        userId: null,
        sessionId: null,
        timestamp: new Date(at).toISOString(),
        context: {},
      });
    };
    const bought = (at: number) => {
      const item = rng.pick(trips);
      emit(ecommerceEvents.orderCompleted, at, {
        order_id: `ORD-${rng.hex(12).toUpperCase()}`,
        revenue: item.price,
        currency: 'USD',
        products: [{ product_id: item.id, price: item.price, quantity: 1 }],
      });
    };

    let clickedAt: number | undefined;
    // The control (arm -1) was sent nothing; a targeted visitor whose delivery failed saw nothing either.
    if (recipient.arm >= 0 && recipient.sent && rng.chance(engagement.shown)) {
      const origin = { campaignId, variant: recipient.arm };
      const shownAt = recipient.anchorAt + rng.int(5_000, 30 * minute);
      emit(notificationEventNames.shown, shownAt, origin);
      const clickThrough = engagement.clickThrough[recipient.arm] ?? engagement.clickThrough[0] ?? 0;
      if (rng.chance(clickThrough)) {
        clickedAt = shownAt + rng.int(10_000, 2 * hour);
        emit(notificationEventNames.clicked, clickedAt, { ...origin, action: 'default', url: '/search?q=trip' });
      } else if (rng.chance(engagement.dismissed)) {
        emit(notificationEventNames.dismissed, shownAt + rng.int(2_000, 10 * minute), origin);
      }
    }
    if (clickedAt !== undefined && rng.chance(engagement.clickConversion)) {
      bought(clickedAt + rng.int(2 * minute, 3 * day));
    } else if (rng.chance(engagement.baseConversion)) {
      bought(recipient.anchorAt + rng.int(hour, 7 * day - hour));
    }
  });
  return out;
}
