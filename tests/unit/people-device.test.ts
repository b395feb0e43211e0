// What a signed-in device decides with (docs/people.md#what-devices-see): its
// config's person-level RFM score and intent tier replace its own history for
// RFM and intent conditions; every other condition still reads the device's
// own events. Injected: a phone with no purchase of its own, whose person
// bought on a laptop.
import { describe, expect, it } from 'vitest';
import type { IntentModel, PersonFigures } from '@/lib/contracts/device-config';
import type { PredicateContext, VisitorProfile } from '@/lib/contracts/profile';
import type { SegmentTree } from '@/lib/contracts/segment';
import { compilePredicate } from '@/lib/segments/predicate';
import { rfmModel } from '@/lib/segments/rfm';
import { scorePurchases } from '@/lib/segments/rfm-score';

const asOf = Date.parse('2026-06-01T00:00:00Z');
const day = 86_400_000;
const rfm = rfmModel(asOf, { recencyDays: [5, 10, 20, 40], frequency: [1, 1, 2, 3], monetaryCents: [1, 2, 3, 4] });
const intentModel: IntentModel = {
  version: 1,
  asOf,
  horizonDays: 30,
  unitDays: 7,
  bgnbd: { r: 0.5, alpha: 2, a: 0.5, b: 2 },
  cutPoints: { high: 0.5, medium: 0.2 },
};
// The phone: browsing only.
const phone: VisitorProfile = {
  customer: 'phone',
  traits: {},
  events: { 'Product Viewed': [{ time: asOf - day, properties: {} }] },
  purchases: [],
  context: {},
  intentScore: null,
};
// The person's figures, as the server computes them from the laptop's four orders.
const laptopOrders = [1, 3, 6, 9].map((days, i) => ({ time: asOf - days * day, revenue: 50, orderId: `o-${i}` }));
const person: PersonFigures = { userId: 'u-ada', rfm: scorePurchases(laptopOrders, rfm), intentTier: 'high' };

const context = (withPerson: boolean): PredicateContext => ({
  asOf,
  rfm,
  intent: intentModel.cutPoints,
  intentModel,
  ...(withPerson && { person }),
});
const champions: SegmentTree = { kind: 'rfmSegment', segments: [person.rfm?.segment ?? 'champions'] };
const highIntent: SegmentTree = { kind: 'intent', tiers: ['high'] };
const frequent: SegmentTree = { kind: 'rfmScore', f: [4, 5] };
const viewedTwice: SegmentTree = { kind: 'event', name: 'Product Viewed', atLeast: 2, where: [] };

describe('a signed-in device decides RFM and intent with its person’s figures', () => {
  it('the phone alone is no buyer; with its person’s figures it is in their RFM segment and intent tier', () => {
    expect(person.rfm).not.toBeNull();
    for (const tree of [champions, highIntent, frequent]) {
      expect(compilePredicate(tree)(phone, context(false)), JSON.stringify(tree)).toBe(false);
      expect(compilePredicate(tree)(phone, context(true)), JSON.stringify(tree)).toBe(true);
    }
  });

  it('event conditions still read only the device’s own history', () => {
    expect(compilePredicate(viewedTwice)(phone, context(true))).toBe(false);
  });

  it('a person with no purchase has no RFM score: the device is in no RFM segment', () => {
    const none: PredicateContext = { ...context(false), person: { userId: 'u-new', rfm: null, intentTier: null } };
    const bought: VisitorProfile = { ...phone, purchases: laptopOrders };
    expect(compilePredicate(champions)(bought, context(false))).toBe(true);
    expect(compilePredicate(champions)(bought, none)).toBe(false);
    expect(compilePredicate(highIntent)(bought, none)).toBe(false);
  });
});
