// The incremental rebuild of the per-visitor tables (lib/segments/visitor-rollups.ts),
// differential: one console engine follows a lake through several syncs, each
// rebuilding only the customers it changed; after each, a second engine loads
// the same lake and graph from nothing (a full rebuild) and every per-visitor
// table, the people re-keying, the RFM grid and customers and some segment
// counts must be the same. Each step names the change it injects. Neither
// engine times anything.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DuckDbEngine } from '@/lib/analytics/duckdb-engine';
import { createNodeEngine } from '@/lib/analytics/duckdb-node';
import type { SegmentTree } from '@/lib/contracts/segment';
import { intentScoreTrait } from '@/lib/contracts/profile';
import { buildLake, lakeEvents, type LakeEvent, type LakeFixture } from '../fixtures/lake-fixture';
import { startLakeServer, type LakeServer } from '../fixtures/lake-server';

const day = 86_400_000;
const asOf = Date.UTC(2026, 0, 2);

// A month of 8 events a day over 120 visitors, with a numeric intent score and a plan trait on
// some events, and a day before it of two events: one visitor's only ones (it goes when that day's
// file does) and one of v3's. Each change below touches few enough customers that the sync
// rebuilds only theirs (lib/analytics/visitor-rebuild.ts).
const base: LakeEvent[] = lakeEvents({ days: 30, perDay: 8, customers: 120 }).map((event): LakeEvent => ({
  ...event,
  device: ['mobile', 'desktop', 'tablet'][event.id % 3] ?? null,
  traits: event.id % 7 === 0 ? [[intentScoreTrait, (event.id % 10) / 10]] : event.traits,
}));
const firstDay = base[0]?.time ?? 0;
const lastTime = Math.max(...base.map((event) => event.time));
const dayZero = ['day-zero-only', 'v3'].map((customer, i): LakeEvent => ({
  ...base[0]!,
  id: 0,
  customer,
  time: firstDay - day + (30 + i) * 60_000,
  name: 'Order Completed',
  amount: 12 + i,
  orderId: `first-${i}`,
}));
/** Events in id order, numbered from 1 (the lake's ids follow time within each file). */
const numbered = (events: LakeEvent[]) => events.map((event, i) => ({ ...event, id: i + 1 }));
const initial = numbered([...dayZero, ...base].sort((a, b) => a.time - b.time));
/** The last day is the tail. */
const watermark = initial.filter((event) => event.time < firstDay + 29 * day).length;

/** `count` new events for `customers` in turn, after `after`, with ids from `firstId`. */
function newEvents(firstId: number, after: number, customers: string[], count: number): LakeEvent[] {
  return Array.from({ length: count }, (_, i): LakeEvent => ({
    ...base[i % base.length]!,
    id: firstId + i,
    customer: customers[i % customers.length] ?? 'v0',
    time: after + (i + 1) * 60_000,
    name: i % 2 ? 'Order Completed' : 'Product Viewed',
    amount: i % 2 ? 30 + i : null,
    orderId: i % 2 ? `late-${firstId + i}` : null,
    device: 'tablet',
    country: 'DE',
    region: 'Berlin',
    city: 'Berlin',
    traits: i === 0 ? [[intentScoreTrait, 0.95]] : [['plan', `plan-${i}`]],
  }));
}

const trees: SegmentTree[] = [
  { kind: 'event', name: 'Product Viewed', atLeast: 2, where: [] },
  { kind: 'trait', trait: 'plan', compare: { op: 'eq', value: 'pro' } },
  { kind: 'technographic', field: 'device', op: 'in', values: ['tablet'] },
  { kind: 'geo', field: 'country', op: 'in', values: ['FR'] },
  { kind: 'intent', tiers: ['high'] },
  { kind: 'rfmSegment', segments: ['champions', 'loyal', 'at risk'] },
];

let server: LakeServer;
let incremental: DuckDbEngine;
let reference: DuckDbEngine;

beforeAll(async () => {
  server = await startLakeServer(buildLake(initial, { watermark }));
  server.people = { links: [{ anonymousId: 'v1', userId: 'u-bob', validFrom: firstDay + day }] };
  [incremental, reference] = await Promise.all([createNodeEngine(), createNodeEngine()]);
});
afterAll(async () => {
  await Promise.all([incremental.close(), reference.close(), server.close()]);
});

const rows = async (engine: DuckDbEngine, sql: string) => (await engine.query({ sql })).rows;

/** Everything the per-visitor tables and the people re-keying hold, without the visitors' own numbers. */
async function derived(engine: DuckDbEngine) {
  return {
    events: await rows(engine, 'SELECT row_id, customer FROM events ORDER BY row_id'),
    eventDevices: await rows(engine, 'SELECT row_id, anonymous_id FROM event_devices ORDER BY row_id'),
    visitors: await rows(
      engine,
      `SELECT customer, device, browser, locale, timezone, country, region, city, intent_score
        FROM visitors ORDER BY customer`,
    ),
    visitorTraits: await rows(engine, 'SELECT * FROM visitor_traits ORDER BY customer, key'),
    purchases: await rows(
      engine,
      `SELECT v.customer, p.time, p.amount, p.order_id FROM purchases p JOIN visitors v ON v.customer_key = p.customer_key
        ORDER BY v.customer, p.time, p.order_id`,
    ),
    uniqueKeys: await rows(engine, 'SELECT count(*) = count(DISTINCT customer_key) AS unique FROM visitors'),
    rfm: await engine.rfm({ asOf }),
    rfmCustomers: await engine.rfmCustomers({ asOf }),
    counts: await Promise.all(trees.map((tree) => engine.segmentCount({ tree, asOf }))),
  };
}

const keys = async (engine: DuckDbEngine) =>
  new Map((await rows(engine, 'SELECT customer, customer_key FROM visitors')).map((r) => [r.customer, r.customer_key]));

/**
 * Syncs the incremental engine (asserting it kept the keys of visitors it did not touch, so it
 * did not rebuild them all) and the reference from nothing, and compares what they derived.
 */
async function syncAndCompare(change: string, fixture: LakeFixture, touched: string[]) {
  server.fixture = fixture;
  const before = await keys(incremental);
  const synced = await incremental.syncLake({ manifestUrl: server.manifestUrl, budgetBytes: 1e9 });
  expect(synced.changed, change).toBe(true);
  const after = await keys(incremental);
  const highest = Math.max(...[...before.values()].map(Number));
  const kept = [...after].filter(([customer, key]) => before.get(customer) === key);
  expect(kept.length, `${change}: visitors not touched keep their key`).toBeGreaterThan(after.size / 2);
  for (const customer of touched) {
    const key = after.get(customer);
    if (key !== undefined) expect(Number(key), `${change}: ${customer} is rebuilt`).toBeGreaterThan(highest);
  }
  const full = await reference.syncLake({ manifestUrl: server.manifestUrl, budgetBytes: 1e9, full: true });
  expect(synced.summary, change).toEqual(full.summary);
  expect(await derived(incremental), change).toEqual(await derived(reference));
}

describe('the incremental rebuild leaves what a full rebuild of the same rows leaves', () => {
  test('through a growing tail, a late event, a dropped file and identity links added and withdrawn', async () => {
    await incremental.syncLake({ manifestUrl: server.manifestUrl, budgetBytes: 1e9, full: true });
    let events = initial;

    // Injected: the tail grows by three events, one of them the signed-in device's.
    const tail = newEvents(events.length + 1, lastTime, ['v1', 'v2', 'newcomer'], 3);
    events = [...events, ...tail];
    await syncAndCompare('tail grows', buildLake(events, { watermark }), ['u-bob', 'v2', 'newcomer']);

    // Injected: a late event for an old customer lands on the second day, and the open day is
    // compacted: day two's file is rewritten (dropped and loaded again), the tail moves into a file.
    const late = { ...newEvents(events.length + 1, firstDay + day, ['v3'], 1)[0]!, name: 'Order Completed' };
    events = [...events, { ...late, amount: 99, orderId: 'late-old' }];
    const compacted = buildLake(events);
    await syncAndCompare('late event, compaction', compacted, ['v3', 'v2', 'newcomer']);

    // Injected: the first day's file leaves the manifest; its only visitor goes with it.
    const [dropped, ...kept] = compacted.manifest.files;
    const withoutDayOne = { ...compacted, manifest: { ...compacted.manifest, files: kept } };
    expect(dropped?.date).toBe(new Date(firstDay - day).toISOString().slice(0, 10));
    await syncAndCompare('file dropped', withoutDayOne, ['v3']);
    expect((await keys(incremental)).has('day-zero-only')).toBe(false);

    // Injected: a sign-in links two old devices to one person, from long after their first events
    // (every event of both becomes the person's).
    server.people = {
      links: [
        { anonymousId: 'v1', userId: 'u-bob', validFrom: firstDay + day },
        { anonymousId: 'v5', userId: 'u-ann', validFrom: lastTime },
        { anonymousId: 'v7', userId: 'u-ann', validFrom: lastTime },
      ],
    };
    await syncAndCompare('devices linked to a person', withoutDayOne, ['u-ann']);
    expect((await keys(incremental)).has('v5')).toBe(false);

    // Injected: u-bob forgotten (his link gone), and v5 shared: u-cat signed in on it first, so its
    // events up to u-ann's sign-in are u-cat's.
    server.people = {
      links: [
        { anonymousId: 'v5', userId: 'u-ann', validFrom: lastTime },
        { anonymousId: 'v5', userId: 'u-cat', validFrom: firstDay + 10 * day },
        { anonymousId: 'v7', userId: 'u-ann', validFrom: lastTime },
      ],
    };
    await syncAndCompare('links withdrawn and split', withoutDayOne, ['v1', 'u-ann', 'u-cat']);

    // Injected: new tail events of the linked devices: they are re-keyed as they arrive.
    const fresh = newEvents(events.length + 1, lastTime + day, ['v5', 'v7', 'v1'], 4);
    const grown = buildLake([...events, ...fresh], { watermark: events.length });
    const withTail = {
      ...withoutDayOne,
      manifest: { ...withoutDayOne.manifest, tail: grown.manifest.tail },
      tail: grown.tail,
    };
    await syncAndCompare('tail of linked devices', withTail, ['u-ann', 'v1']);
  });
});
