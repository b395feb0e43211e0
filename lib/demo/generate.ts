// The demo storefront's data set: visitors and their events over the last
// months, the same for the same options on every machine. The console, the
// segment tests and `npm run demo` all load it.
import type { KairosEvent } from '../contracts/event';
import { type DemoPeriod, simulateVisitor } from './journey';
import { Random } from './random';
import { createVisitorProfile, type DemoVisitor } from './visitors';

export interface DemoOptions {
  /** 32-bit integer; the same seed gives the same data. Default 42. */
  seed?: number;
  /** Number of visitors. Default 5000. */
  visitors?: number;
  /**
   * No event is at or after this instant. Default: the start of the current
   * UTC day, so pass a fixed date wherever the output must be reproducible.
   */
  end?: Date;
  /** Length of the period before `end`, in calendar months. Default 12. */
  months?: number;
}

export interface DemoData {
  visitors: DemoVisitor[];
  /** Sorted by timestamp. */
  events: KairosEvent[];
}

export const demoDefaults = { seed: 42, visitors: 5_000, months: 12 } as const;

export function generateDemo(options: DemoOptions = {}): DemoData {
  const seed = options.seed ?? demoDefaults.seed;
  const visitorCount = options.visitors ?? demoDefaults.visitors;
  const months = options.months ?? demoDefaults.months;
  const end = options.end ?? startOfUtcDay(new Date());
  checkOptions(seed, visitorCount, months, end);

  const period: DemoPeriod = { start: monthsBefore(end, months).getTime(), end: end.getTime() };
  const visitors: DemoVisitor[] = [];
  const events: KairosEvent[] = [];
  for (let index = 0; index < visitorCount; index += 1) {
    // One stream per visitor: visitor n is the same in a run of 300 or 5000.
    const rng = new Random(seed, index);
    const profile = createVisitorProfile(rng, index);
    const visitorEvents = simulateVisitor(rng, profile, period);
    const first = visitorEvents[0];
    const last = visitorEvents[visitorEvents.length - 1];
    if (!first || !last) continue;
    visitors.push({
      anonymousId: profile.anonymousId,
      userId: profile.userId,
      traits: profile.traits,
      firstSeen: new Date(first.timestamp),
      lastSeen: new Date(last.timestamp),
    });
    for (const event of visitorEvents) events.push(event);
  }
  // ISO timestamps in one format sort as strings; the sort is stable, so ties
  // keep visitor order and the output stays deterministic.
  events.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  return { visitors, events };
}

function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

function monthsBefore(date: Date, months: number): Date {
  const start = new Date(date.getTime());
  start.setUTCMonth(start.getUTCMonth() - months);
  return start;
}

function checkOptions(seed: number, visitors: number, months: number, end: Date): void {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`demo seed must be an integer, got ${seed}`);
  if (!Number.isInteger(visitors) || visitors < 0) {
    throw new RangeError(`demo visitors must be a whole number, got ${visitors}`);
  }
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`demo months must be 1 or more, got ${months}`);
  if (Number.isNaN(end.getTime())) throw new RangeError('demo end must be a valid date');
}
