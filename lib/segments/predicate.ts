// A segment tree as a JS predicate over one visitor's profile: what the service
// worker runs on the device. Semantics match lib/segments/compile-sql.ts.
import type { PredicateContext, ProfileEvent, VisitorProfile } from '../contracts/profile';
import type { IntentTier, SegmentCondition, SegmentTree } from '../contracts/segment';
import { campaignIdProperty, notificationEventNames } from '../contracts/event-names';
import { compare } from './comparison';
import { deviceExpectedPurchases } from './intent-score';
import { dayMs, scorePurchases } from './rfm-score';

export type SegmentPredicate = (profile: VisitorProfile, context: PredicateContext) => boolean;

export function compilePredicate(tree: SegmentTree): SegmentPredicate {
  if ('all' in tree) {
    const children = tree.all.map(compilePredicate);
    return (profile, context) => children.every((child) => child(profile, context));
  }
  if ('any' in tree) {
    const children = tree.any.map(compilePredicate);
    return (profile, context) => children.some((child) => child(profile, context));
  }
  if ('not' in tree) {
    const child = compilePredicate(tree.not);
    return (profile, context) => !child(profile, context);
  }
  return conditionPredicate(tree);
}

/** Inside the window (asOf - d days, asOf]; without a window, anything up to asOf. */
const inWindow = (time: number, asOf: number, withinDays: number | undefined) =>
  time <= asOf && (withinDays === undefined || time > asOf - withinDays * dayMs);

export function intentTier(score: number | null, cutPoints: PredicateContext['intent']): IntentTier | null {
  if (score === null) return null;
  return score >= cutPoints.high ? 'high' : score >= cutPoints.medium ? 'medium' : 'low';
}

function countEvents(
  events: readonly ProfileEvent[] | undefined,
  asOf: number,
  withinDays: number | undefined,
  accept: (event: ProfileEvent) => boolean,
): number {
  let n = 0;
  for (const event of events ?? []) if (inWindow(event.time, asOf, withinDays) && accept(event)) n += 1;
  return n;
}

/** A signed-in visitor's person-level score (docs/people.md#what-devices-see), else the device's own. */
const rfmScoreOf = (profile: VisitorProfile, { rfm, person }: PredicateContext) =>
  person ? person.rfm : rfm ? scorePurchases(profile.purchases, rfm) : null;

function conditionPredicate(condition: SegmentCondition): SegmentPredicate {
  switch (condition.kind) {
    case 'trait':
      return (profile) => compare(profile.traits[condition.trait], condition.compare);
    case 'event': {
      const { name, where, atLeast, withinDays } = condition;
      const accept = (event: ProfileEvent) =>
        where.every((filter) => compare(event.properties[filter.property], filter.compare));
      return (profile, { asOf }) => countEvents(profile.events[name], asOf, withinDays, accept) >= atLeast;
    }
    case 'rfmSegment':
      return (profile, context) => {
        const score = rfmScoreOf(profile, context);
        return score !== null && condition.segments.includes(score.segment);
      };
    case 'rfmScore':
      return (profile, context) => {
        const score = rfmScoreOf(profile, context);
        if (!score) return false;
        const within = (value: number, range: [number, number] | undefined) =>
          !range || (value >= range[0] && value <= range[1]);
        return within(score.r, condition.r) && within(score.f, condition.f) && within(score.m, condition.m);
      };
    case 'intent':
      return (profile, { asOf, intent, intentModel, person }) => {
        // A signed-in visitor's person-level tier; else, with a published model, the device's own
        // expected purchases; without one, the intentScore trait.
        const tier = intentModel
          ? person
            ? person.intentTier
            : intentTier(deviceExpectedPurchases(profile.purchases, intentModel, asOf), intentModel.cutPoints)
          : intentTier(profile.intentScore, intent);
        return tier !== null && condition.tiers.includes(tier);
      };
    case 'campaign': {
      const { engagement, campaignId, withinDays } = condition;
      const matches = (event: ProfileEvent) =>
        campaignId === undefined || event.properties[campaignIdProperty] === campaignId;
      const name = engagement === 'clicked' ? notificationEventNames.clicked : notificationEventNames.shown;
      return (profile, { asOf }) => {
        const n = countEvents(profile.events[name], asOf, withinDays, matches);
        return engagement === 'none' ? n === 0 : n > 0;
      };
    }
    case 'technographic': {
      const { field, op, values } = condition;
      return (profile) => {
        const actual = profile.context[field];
        if (op === 'notIn') return actual === undefined || !values.includes(actual);
        if (actual === undefined) return false;
        return op === 'in' ? values.includes(actual) : values.some((prefix) => actual.startsWith(prefix));
      };
    }
    case 'geo': {
      const { field, op, values } = condition;
      return (profile, context) => {
        // On a device the config's place (this request's address) stands in for the events' own.
        const place = context.geo !== undefined ? context.geo : profile.geo;
        const actual = place?.[field];
        if (op === 'notIn') return actual === undefined || !values.includes(actual);
        return actual !== undefined && values.includes(actual);
      };
    }
  }
}
