// Visitor profiles from raw events: what the device's store will hold, built
// here from a dataset for the differential test and for a device's own events.
// The rules match the SQL loader (lib/analytics/event-arrow.ts and
// lib/segments/dataset-schema.ts): latest value by (time, load order).
import type { KairosEvent } from '../contracts/event';
import { intentScoreTrait, type VisitorProfile } from '../contracts/profile';
import { eventFacts } from './event-facts';

export function buildProfiles(events: Iterable<KairosEvent>): Map<string, VisitorProfile> {
  const facts = [...events].map((event, index) => ({ index, ...eventFacts(event) }));
  // Stable by time, then load order: the SQL's ORDER BY time, row_id.
  facts.sort((a, b) => a.time - b.time || a.index - b.index);
  const profiles = new Map<string, VisitorProfile>();
  for (const fact of facts) {
    let profile = profiles.get(fact.customer);
    if (!profile) {
      profile = { customer: fact.customer, traits: {}, events: {}, purchases: [], context: {}, intentScore: null };
      profiles.set(fact.customer, profile);
    }
    (profile.events[fact.name] ??= []).push({ time: fact.time, properties: Object.fromEntries(fact.properties) });
    for (const [key, value] of fact.traits) profile.traits[key] = value;
    for (const field of ['device', 'browser', 'locale', 'timezone'] as const) {
      const value = fact[field];
      if (value !== null) profile.context[field] = value;
    }
    // The place goes as one, as the SQL's latest struct does (lib/segments/dataset-schema.ts).
    if (fact.country !== null) {
      profile.geo = {
        country: fact.country,
        ...(fact.region !== null && { region: fact.region }),
        ...(fact.city !== null && { city: fact.city }),
      };
    }
    if (fact.amount !== null) {
      profile.purchases.push({
        time: fact.time,
        revenue: fact.amount,
        ...(fact.orderId !== null && { orderId: fact.orderId }),
      });
    }
  }
  for (const profile of profiles.values()) {
    const score = profile.traits[intentScoreTrait];
    profile.intentScore = typeof score === 'number' ? score : null;
  }
  return profiles;
}
