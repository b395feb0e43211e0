import 'server-only';
import type { KairosEvent } from '../contracts/event';
import type { VisitorGeo } from '../contracts/geo';
import { type DemoData, type DemoOptions, generateDemo } from '../demo';
import type { Database } from './client';
import { ensureEventPartitionsBetween } from './event-partitions';
import { toEventRow } from './event-row';
import { storeEvents } from './event-store';
import { eventMessageIds, events, visitors } from './schema';
import { datasetSummary } from './stats';

export interface SeedResult {
  visitors: number;
  events: number;
  /** True when data was already there and nothing was written. */
  skipped: boolean;
}

const batchSize = 1_000;

/**
 * Loads the demo storefront's visitors and events. Without `replace` it leaves
 * a database that already holds events alone, so `npm run demo` can run again.
 */
export async function seedDemo(
  db: Database,
  options: DemoOptions & { replace?: boolean } = {},
  onProgress: (done: number, total: number) => void = () => {},
): Promise<SeedResult> {
  const existing = await datasetSummary(db);
  if (existing.events > 0 && !options.replace) {
    return { visitors: existing.visitors, events: existing.events, skipped: true };
  }
  const demo = generateDemo(options);
  const first = demo.events[0];
  const last = demo.events[demo.events.length - 1];
  if (first && last) await ensureEventPartitionsBetween(db, new Date(first.timestamp), new Date(last.timestamp));
  await db.transaction(async (tx) => {
    if (options.replace) {
      await tx.delete(events);
      await tx.delete(eventMessageIds);
      await tx.delete(visitors);
    }
    const total = demo.visitors.length + demo.events.length;
    let done = 0;
    for (const batch of chunks(demo.visitors, batchSize)) {
      await tx.insert(visitors).values(batch).onConflictDoNothing();
      onProgress((done += batch.length), total);
    }
    const placeOf = demoPlaces(demo.visitors);
    for (const batch of chunks(demo.events, batchSize)) {
      await storeEvents(
        tx as unknown as Database,
        batch.map((event) => toEventRow(placeOf(event))),
      );
      onProgress((done += batch.length), total);
    }
  });
  return { visitors: demo.visitors.length, events: demo.events.length, skipped: false };
}

/**
 * Each event with the place the collector would have given it from the
 * visitor's address (docs/geography.md): their country, and the city their
 * time zone is named after, so the demo's geo segments and visitor pages have
 * places. Added here, as on the server: a device never sends its own.
 */
function demoPlaces(visitors: DemoData['visitors']): (event: KairosEvent) => KairosEvent {
  const countryOf = new Map(visitors.map((visitor) => [visitor.anonymousId, visitor.traits.country]));
  return (event) => {
    const country = countryOf.get(event.anonymousId);
    if (typeof country !== 'string') return event;
    const city = event.context.timezone?.split('/').pop()?.replaceAll('_', ' ');
    const geo: VisitorGeo = { country, ...(city ? { city } : {}) };
    return { ...event, context: { ...event.context, geo } as KairosEvent['context'] };
  };
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
