// The device events a demo moment rule would have recorded over the demo's
// past searches: for each search the rule's real matcher accepts (outside its
// cooldown), the real holdout hash decides whether the moment showed
// (`Moment Fired`, then the notification's Shown/Clicked events) or was held
// out (`Moment Held Out`), in the shapes the service worker records them
// (lib/moments/moment-service.ts, lib/notifications/display.ts). Visitors who
// clicked buy the offer more often than held-out ones: the real effect the
// rule's results then measure (docs/moments.md#moment-results).
import type { KairosEvent } from '../contracts/event';
import {
  ecommerceEvents,
  momentEventNames,
  momentRuleIdProperty,
  momentRuleVersionProperty,
  notificationEventNames,
} from '../contracts/event-names';
import type { MomentRule } from '../contracts/moment-rule';
import { compileMatch, matchQuery } from '../matching/matcher';
import { momentHeldOut } from '../results/moment-holdout';
import { offerProducts, products } from '../demo/catalog';
import { Random } from '../demo/random';
import type { MomentEngagement } from '../demo/story';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** A past search of the demo's events. */
export interface DemoSearch {
  anonymousId: string;
  at: number;
  query: string;
}

export function momentEvents(
  rule: Pick<MomentRule, 'id' | 'version' | 'holdoutShare' | 'match' | 'cooldownMinutes'>,
  searches: readonly DemoSearch[],
  engagement: MomentEngagement,
  options: { seed: number; since: number; until: number },
): KairosEvent[] {
  // A rule without keywords (a cart rule) matches no search.
  if (!rule.match) return [];
  const compiled = compileMatch(rule.match);
  const offer = [...offerProducts, ...products].find((item) => item.id === engagement.productId);
  if (!offer) throw new Error(`The demo has no product ${engagement.productId}.`);
  const lastDecision = new Map<string, number>();
  const decided = new Set<string>();
  const out: KairosEvent[] = [];
  const sorted = [...searches].sort((a, b) => a.at - b.at);
  sorted.forEach((search, index) => {
    if (search.at < options.since || search.at > options.until) return;
    if (!matchQuery(compiled, search.query).matched) return;
    const previous = lastDecision.get(search.anonymousId);
    if (previous !== undefined && search.at - previous < rule.cooldownMinutes * minute) return;
    lastDecision.set(search.anonymousId, search.at);
    const rng = new Random(options.seed + rule.id, index);
    const emit = (event: string, at: number, properties: Record<string, unknown>) => {
      if (at > options.until) return;
      out.push({
        messageId: rng.uuid(),
        type: 'track',
        event,
        properties,
        traits: {},
        anonymousId: search.anonymousId,
        userId: null,
        sessionId: null,
        timestamp: new Date(at).toISOString(),
        context: {},
      });
    };
    const origin = { [momentRuleIdProperty]: rule.id, [momentRuleVersionProperty]: rule.version };
    const at = search.at + rng.int(50, 400);
    const heldOut = momentHeldOut(rule, null, search.anonymousId, at);
    emit(heldOut ? momentEventNames.heldOut : momentEventNames.fired, at, {
      ...origin,
      trigger: 'search',
      ...(heldOut && { holdout: heldOut }),
    });
    const buy = (when: number) =>
      emit(ecommerceEvents.orderCompleted, when, {
        order_id: `ORD-${rng.hex(12).toUpperCase()}`,
        revenue: offer.price,
        currency: 'USD',
        products: [{ product_id: offer.id, price: offer.price, quantity: 1 }],
      });
    let bought = false;
    if (!heldOut) {
      emit(notificationEventNames.shown, at + 20, origin);
      if (rng.chance(engagement.clickThrough)) {
        const clickedAt = at + rng.int(5_000, 10 * minute);
        emit(notificationEventNames.clicked, clickedAt, { ...origin, action: 'default', url: `/products/${offer.id}` });
        if (rng.chance(engagement.clickConversion)) {
          buy(clickedAt + rng.int(minute, 2 * day));
          bought = true;
        }
      }
    }
    // The baseline, drawn once per visitor (the results count each visitor's first decision).
    if (!bought && !decided.has(search.anonymousId) && rng.chance(engagement.baseConversion)) {
      buy(at + rng.int(hour, 7 * day - hour));
    }
    decided.add(search.anonymousId);
  });
  return out;
}
