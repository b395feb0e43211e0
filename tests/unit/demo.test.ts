import { describe, expect, it } from 'vitest';
import { ecommerceEvents, eventSchema, type KairosEvent } from '../../lib/contracts/event';
import { generateDemo, Random, searchQueries } from '../../lib/demo';

const day = 24 * 60 * 60 * 1000;
const end = new Date('2026-03-01T00:00:00.000Z');
// A smaller run than the default keeps the suite quick; visitor streams are
// independent, so it behaves like a slice of the full data set.
const demo = generateDemo({ seed: 7, visitors: 300, end });

const named = (name: string) => demo.events.filter((event) => event.event === name);
const time = (event: KairosEvent) => Date.parse(event.timestamp);

// Map.groupBy needs Node 21; the project supports Node 20.
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

describe('Random', () => {
  it('repeats its sequence for the same seed and stream', () => {
    const draw = (rng: Random) => Array.from({ length: 5 }, () => rng.uint32());
    expect(draw(new Random(1, 2))).toEqual(draw(new Random(1, 2)));
    expect(draw(new Random(1, 2))).not.toEqual(draw(new Random(1, 3)));
    expect(draw(new Random(1, 2))).not.toEqual(draw(new Random(2, 2)));
  });

  it('draws ids that are valid v4 UUIDs', () => {
    const rng = new Random(42);
    for (let i = 0; i < 1_000; i += 1) {
      expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('keeps int() within its bounds, both included', () => {
    const rng = new Random(3);
    const seen = new Set(Array.from({ length: 500 }, () => rng.int(1, 4)));
    expect([...seen].sort()).toEqual([1, 2, 3, 4]);
  });
});

describe('generateDemo', () => {
  it('gives byte-identical output for the same options', () => {
    const again = generateDemo({ seed: 7, visitors: 300, end });
    expect(JSON.stringify(again)).toBe(JSON.stringify(demo));
  });

  it('gives different output for a different seed', () => {
    const other = generateDemo({ seed: 8, visitors: 300, end });
    expect(JSON.stringify(other.events.slice(0, 50))).not.toBe(JSON.stringify(demo.events.slice(0, 50)));
  });

  it('keeps a visitor the same whatever the run size', () => {
    const small = generateDemo({ seed: 7, visitors: 20, end });
    expect(small.visitors).toEqual(demo.visitors.slice(0, 20));
  });

  it('creates the requested number of visitors, with unique ids', () => {
    expect(demo.visitors).toHaveLength(300);
    expect(new Set(demo.visitors.map((visitor) => visitor.anonymousId)).size).toBe(300);
    const identified = demo.visitors.filter((visitor) => visitor.userId !== null);
    expect(identified.length / 300).toBeGreaterThan(0.25);
    expect(identified.length / 300).toBeLessThan(0.55);
    for (const visitor of identified) expect(visitor.traits.email).toMatch(/@example\.(com|org|net)$/);
  });

  it('produces only events that satisfy the event contract', () => {
    for (const event of demo.events) {
      const parsed = eventSchema.safeParse(event);
      if (!parsed.success) throw new Error(`${JSON.stringify(event)}\n${parsed.error.message}`);
    }
    expect(new Set(demo.events.map((event) => event.messageId)).size).toBe(demo.events.length);
  });

  it('sorts events by time, none at or after `end`, spread over about twelve months', () => {
    const times = demo.events.map(time);
    for (let i = 1; i < times.length; i += 1) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1] ?? 0);
    expect(Math.max(...times)).toBeLessThan(end.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse('2025-03-01T00:00:00.000Z'));
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(330 * day);
  });

  it('matches each visitor row to their events', () => {
    const byVisitor = groupBy(demo.events, (event) => event.anonymousId);
    for (const visitor of demo.visitors) {
      const own = byVisitor.get(visitor.anonymousId) ?? [];
      expect(own.length).toBeGreaterThan(0);
      expect(visitor.firstSeen.toISOString()).toBe(own[0]?.timestamp);
      expect(visitor.lastSeen.toISOString()).toBe(own.at(-1)?.timestamp);
      const identifies = own.filter((event) => event.type === 'identify');
      expect(identifies).toHaveLength(visitor.userId ? 1 : 0);
    }
  });

  it('starts a new session only after 30 idle minutes', () => {
    const byVisitor = groupBy(demo.events, (event) => event.anonymousId);
    for (const own of byVisitor.values()) {
      for (let i = 1; i < own.length; i += 1) {
        const [before, after] = [own[i - 1], own[i]] as [KairosEvent, KairosEvent];
        const gap = time(after) - time(before);
        if (after.sessionId === before.sessionId) expect(gap).toBeLessThan(30 * 60 * 1000);
        else expect(gap).toBeGreaterThan(30 * 60 * 1000);
      }
    }
  });

  it('records purchases with positive revenue that adds up', () => {
    const orders = named(ecommerceEvents.orderCompleted);
    expect(orders.length).toBeGreaterThan(100);
    for (const order of orders) {
      const { revenue, currency, products } = order.properties as {
        revenue: number;
        currency: string;
        products: { price: number; quantity: number }[];
      };
      expect(revenue).toBeGreaterThan(0);
      expect(currency).toBe('USD');
      const cents = products.reduce((sum, line) => sum + Math.round(line.price * 100) * line.quantity, 0);
      expect(revenue).toBe(cents / 100);
    }
  });

  it('mixes one-time and repeat buyers with visitors who never buy', () => {
    const ordersPerVisitor = groupBy(named(ecommerceEvents.orderCompleted), (event) => event.anonymousId);
    const counts = [...ordersPerVisitor.values()].map((orders) => orders.length);
    expect(counts.filter((count) => count === 1).length).toBeGreaterThan(30);
    expect(counts.filter((count) => count >= 5).length).toBeGreaterThan(5);
    expect(demo.visitors.length - ordersPerVisitor.size).toBeGreaterThan(60);
  });

  it('has visitors searching in the last 7 days, some of them lapsed buyers', () => {
    const weekAgo = end.getTime() - 7 * day;
    const recentSearchers = new Set(
      named(ecommerceEvents.productsSearched)
        .filter((event) => time(event) >= weekAgo)
        .map((event) => event.anonymousId),
    );
    expect(recentSearchers.size).toBeGreaterThan(15);

    const lastOrder = new Map<string, number>();
    for (const order of named(ecommerceEvents.orderCompleted)) lastOrder.set(order.anonymousId, time(order));
    const lapsed = [...recentSearchers].filter((id) => (lastOrder.get(id) ?? Infinity) < end.getTime() - 60 * day);
    expect(lapsed.length).toBeGreaterThan(5);
  });

  it('searches for travel and games, as typed', () => {
    const topicOf = new Map(searchQueries.map((query) => [query.text, query.topic]));
    const typed = named(ecommerceEvents.productsSearched).map((event) => String(event.properties.query));
    const topics = new Set(typed.map((text) => topicOf.get(text)));
    expect(topics).toEqual(new Set(['travel', 'games', 'shopping']));
    expect(new Set(searchQueries.map((query) => query.text)).size).toBeGreaterThanOrEqual(60);
  });

  it('keeps locale and time zone in line with the country trait', () => {
    const countryOf = new Map(demo.visitors.map((visitor) => [visitor.anonymousId, visitor.traits.country]));
    for (const event of demo.events.slice(0, 2_000)) {
      const country = String(countryOf.get(event.anonymousId));
      expect(event.context.locale?.endsWith(`-${country}`)).toBe(true);
    }
  });

  it('rejects nonsense options', () => {
    expect(() => generateDemo({ visitors: -1 })).toThrow(RangeError);
    expect(() => generateDemo({ months: 0 })).toThrow(RangeError);
    expect(() => generateDemo({ seed: 1.5 })).toThrow(RangeError);
    expect(() => generateDemo({ end: new Date('nope') })).toThrow(RangeError);
  });
});
