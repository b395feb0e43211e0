import type { KairosEvent } from '../contracts/event';
import { ecommerceEvents, revenueProperty } from '../contracts/event-names';
import type { DeviceProfile } from './entities';

export const recentSearchLimit = 10;

export function emptyProfile(anonymousId: string, at: string): DeviceProfile {
  return {
    id: 'me',
    anonymousId,
    userId: null,
    traits: {},
    firstSeen: at,
    lastSeen: at,
    eventCounts: {},
    purchases: 0,
    revenue: 0,
    lastPurchaseAt: null,
    recentSearches: [],
  };
}

const isSearch = (event: KairosEvent) => event.event === ecommerceEvents.productsSearched;

/** The profile after one more event (pure: the store calls it inside its write transaction). */
export function applyEvent(profile: DeviceProfile | undefined, event: KairosEvent): DeviceProfile {
  const next = structuredClone(profile ?? emptyProfile(event.anonymousId, event.timestamp));
  const name = event.event ?? event.type;
  next.anonymousId = event.anonymousId;
  if (event.timestamp < next.firstSeen) next.firstSeen = event.timestamp;
  if (event.timestamp > next.lastSeen) next.lastSeen = event.timestamp;
  next.eventCounts[name] = (next.eventCounts[name] ?? 0) + 1;
  if (event.userId) next.userId = event.userId;
  if (event.type === 'identify') Object.assign(next.traits, event.traits);
  if (event.event === ecommerceEvents.orderCompleted) {
    const revenue = Number(event.properties[revenueProperty]);
    next.purchases += 1;
    next.revenue += Number.isFinite(revenue) ? revenue : 0;
    if (!next.lastPurchaseAt || event.timestamp > next.lastPurchaseAt) next.lastPurchaseAt = event.timestamp;
  }
  const query = event.properties.query;
  if (isSearch(event) && typeof query === 'string' && query.trim()) {
    next.recentSearches = [{ query: query.trim(), at: event.timestamp }, ...next.recentSearches]
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, recentSearchLimit);
  }
  return next;
}
