// A visitor's life with the shop: when they first come, how often they return,
// which visits end in an order, when they sign in, and whether a lapsed buyer
// comes back to search in the last week. Visits are a Poisson process, thinned
// by the hour of day in the visitor's time zone so activity follows a daily
// rhythm (quiet nights, busy evenings) that quiet-hours rules can be tried on.
import type { KairosEvent } from '../contracts/event';
import { type ProductCategory, productCategories } from './catalog';
import { type Persona, personas } from './personas';
import type { Random } from './random';
import { maxVisitLength, type VisitRecorder } from './recorder';
import { recordVisit, signIn, type VisitPlan } from './visit';
import type { VisitorProfile } from './visitors';

/** The period the demo data covers, in epoch milliseconds. */
export interface DemoPeriod {
  start: number;
  end: number;
}

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** A new visit begins after this much idle time (the usual analytics rule). */
export const sessionTimeout = 30 * minute;

/** Relative activity by local hour, 0:00 to 23:00. */
const hourlyActivity = [
  0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.55, 0.75, 0.85, 0.95, 1, 1.1, 1, 0.9, 0.9, 1, 1.1, 1.3, 1.5, 1.6, 1.4, 0.9,
  0.45,
] as const;
const peakActivity = Math.max(...hourlyActivity);
const meanActivity = hourlyActivity.reduce((sum, weight) => sum + weight, 0) / hourlyActivity.length / peakActivity;

/** Bounds the heaviest visitors, so one bot-like profile cannot dominate. */
const maxVisits = 60;

/** Plays out one visitor's visits and returns their events in time order. */
export function simulateVisitor(rng: Random, visitor: VisitorProfile, period: DemoPeriod): KairosEvent[] {
  const persona = personas[visitor.persona];
  // Latest start that still lets the longest visit finish before `end`.
  const lastStart = period.end - maxVisitLength - minute;
  const plans = planVisits(rng, visitor, persona, period, lastStart);

  const events: KairosEvent[] = [];
  let userId: string | null = null;
  let previousEnd = Number.NEGATIVE_INFINITY;
  let lastVisit: VisitRecorder | undefined;
  for (const plan of plans) {
    // Two visits closer than the timeout would be one session: push it later.
    const start = Math.max(plan.start, previousEnd + sessionTimeout + minute + Math.round(rng.exponential(2 * hour)));
    if (start > lastStart) break;
    lastVisit = recordVisit(
      rng,
      visitor,
      { ...plan, start, identify: plan.identify && userId === null },
      userId,
      events,
    );
    userId = lastVisit.userId;
    previousEnd = lastVisit.now;
  }
  // A sign-in planned for a visit that no longer fit happens in the last one.
  if (lastVisit && visitor.userId && userId === null) signIn(lastVisit, visitor);
  return events;
}

function planVisits(
  rng: Random,
  visitor: VisitorProfile,
  persona: Persona,
  period: DemoPeriod,
  lastStart: number,
): VisitPlan[] {
  const offset = visitor.timeZone.utcOffset;
  const latestArrival = Math.min(lastStart, period.start + persona.arrivesBefore * (period.end - period.start));
  const arrival = activeTimeBetween(rng, offset, period.start, latestArrival);
  const activeUntil = Math.max(
    arrival,
    Math.min(arrival + rng.exponential(persona.activeDays) * day, period.end - persona.quietDays * day, lastStart),
  );

  const starts = visitStarts(rng, offset, arrival, activeUntil, persona.sessionsPerDay);
  const purchases = planPurchases(rng, starts.length, persona);
  const plans = starts.map((start, index): VisitPlan => ({
    start,
    focus: todaysFocus(rng, visitor),
    search: rng.chance(persona.searchChance),
    purchase: purchases[index] ?? false,
    identify: false,
  }));

  const signInVisit = visitor.userId ? plans[signInIndex(rng, purchases)] : undefined;
  if (signInVisit) signInVisit.identify = true;

  if (rng.chance(persona.comebackChance)) plans.push(...comebackVisits(rng, visitor, offset, period, lastStart));
  return plans;
}

/**
 * A time in [from, to] that follows the daily rhythm and leans towards `to`,
 * because the shop is growing (more first visits lately than a year ago).
 */
function activeTimeBetween(rng: Random, offset: number, from: number, to: number): number {
  const span = Math.max(0, to - from);
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const share = rng.chance(0.35) ? Math.sqrt(rng.float()) : rng.float();
    const candidate = Math.round(from + share * span);
    if (rng.chance(activityAt(candidate, offset))) return candidate;
  }
  return Math.round(from + rng.float() * span);
}

function visitStarts(rng: Random, offset: number, from: number, until: number, perDay: number): number[] {
  const starts = [from];
  // Candidates come faster than visits, then most are thinned away at night.
  const candidateGap = (meanActivity / perDay) * day;
  let time = from;
  while (starts.length < maxVisits) {
    time += rng.exponential(candidateGap);
    if (time > until) break;
    if (rng.chance(activityAt(time, offset))) starts.push(Math.round(time));
  }
  return starts;
}

/** Which visits end in an order: per-visit chance, then the persona's bounds. */
function planPurchases(rng: Random, visits: number, persona: Persona): boolean[] {
  const flags = Array.from({ length: visits }, () => rng.chance(persona.purchaseChance));
  const count = () => flags.filter(Boolean).length;
  const target = Math.min(visits, Math.max(persona.minPurchases, Math.min(persona.maxPurchases, count())));
  while (count() < target) flags[rng.pick(indexesWhere(flags, false))] = true;
  while (count() > target) flags[rng.pick(indexesWhere(flags, true))] = false;
  return flags;
}

/** Buyers mostly sign in at their first checkout; others on any visit. */
function signInIndex(rng: Random, purchases: readonly boolean[]): number {
  const firstOrder = purchases.indexOf(true);
  if (firstOrder < 0) return rng.int(0, purchases.length - 1);
  return rng.chance(0.7) ? firstOrder : rng.int(0, firstOrder);
}

/**
 * A lapsed buyer's return in the last seven days: searching, not buying yet.
 * This is the "at-risk customer searching right now" micro-segment.
 */
function comebackVisits(
  rng: Random,
  visitor: VisitorProfile,
  offset: number,
  period: DemoPeriod,
  lastStart: number,
): VisitPlan[] {
  const from = Math.max(period.start, period.end - 7 * day + hour);
  const count = rng.chance(0.35) ? 2 : 1;
  const starts = Array.from({ length: count }, () => activeTimeBetween(rng, offset, from, lastStart)).sort(
    (a, b) => a - b,
  );
  return starts.map((start) => ({
    start,
    focus: todaysFocus(rng, visitor),
    search: true,
    purchase: false,
    identify: false,
  }));
}

function todaysFocus(rng: Random, visitor: VisitorProfile): ProductCategory {
  const roll = rng.float();
  if (roll < 0.6) return visitor.interests[0];
  if (roll < 0.85) return visitor.interests[1];
  return rng.pick(Object.keys(productCategories) as ProductCategory[]);
}

/** Chance, relative to the busiest hour, that someone is shopping at `time`. */
function activityAt(time: number, utcOffset: number): number {
  const localHour = Math.floor((((time / hour + utcOffset) % 24) + 24) % 24);
  return (hourlyActivity[localHour] ?? peakActivity) / peakActivity;
}

function indexesWhere(flags: readonly boolean[], value: boolean): number[] {
  return flags.flatMap((flag, index) => (flag === value ? [index] : []));
}
