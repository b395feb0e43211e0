// Analytics per person (docs/people.md#analytics-per-person): the server's
// engine over lake files of device-keyed events, with the identity graph
// applied at load. Differential: where every person has one device, the
// person-level evaluation selects the same visitors as the device-level one
// (renamed to the person). A two-device person counts once in RFM, with the
// orders of both devices and the backend's userId-only order; a shared device's
// events split at the sign-in switch; a changed graph re-keys loaded events,
// in the server's engine and in the console's (DuckDB-WASM) lake sync.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { AudienceEngine } from '@/lib/audience/audience-engine';
import { parseSegmentTree, type SegmentTree } from '@/lib/contracts/segment';
import { userOnlyAnonymousId } from '@/lib/contracts/segment-api';
import { Random } from '@/lib/demo/random';
import { type IdentityLink, personAt } from '@/lib/segments/person-key';
import { createNodeEngine } from '@/lib/analytics/duckdb-node';
import { buildLake, lakeEvents } from '../fixtures/lake-fixture';
import { writeLakeFiles } from '../fixtures/lake-files';
import { fileRequests, startLakeServer } from '../fixtures/lake-server';
import { fuzzAsOf, fuzzDataset, fuzzTree } from '../fixtures/segment-fuzz';
import { trackEvent } from '../fixtures/track-event';

const day = 86_400_000;
let server: AudienceEngine;
const lakeDirs: string[] = [];
afterEach(() => server?.close());
afterAll(() => {
  for (const dir of lakeDirs) rmSync(dir, { recursive: true, force: true });
});

/** The events as lake files, and a fresh server engine (it keys what it loaded by the files' paths). */
async function lakeOf(events: Parameters<typeof writeLakeFiles>[1]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'kairos-people-lake-'));
  lakeDirs.push(dir);
  server = await AudienceEngine.open({ path: ':memory:', memoryLimit: '256MB', threads: 1 });
  return { dir, files: writeLakeFiles(dir, events) };
}

describe('person-level and device-level evaluation agree when every person has one device', () => {
  for (const seed of [1, 2, 3, 4]) {
    test(`dataset ${seed}: 60 random trees and RFM`, async () => {
      const events = fuzzDataset(seed);
      const lake = await lakeOf(events);
      const devices = [...new Set(events.map((event) => event.anonymousId))];
      // Each device signs in once, part-way through its history: its earlier events are the person's too.
      const links: IdentityLink[] = devices.map((device, i) => ({
        anonymousId: device,
        userId: `person-${seed}-${i}`,
        validFrom: fuzzAsOf - (i % 5) * 30 * day,
      }));
      const personOf = new Map(links.map((link) => [link.anonymousId, link.userId]));
      const rng = new Random(seed, 7);
      const trees = Array.from({ length: 60 }, () => parseSegmentTree(JSON.parse(JSON.stringify(fuzzTree(rng)))));

      await server.refresh(lake.dir, lake.files, []);
      const byDevice = [];
      for (const tree of trees) byDevice.push(await server.segmentMembers({ tree, asOf: fuzzAsOf }));
      const deviceRfm = await server.rfmCustomers({ asOf: fuzzAsOf });

      await server.refresh(lake.dir, lake.files, links);
      for (const [i, tree] of trees.entries()) {
        const byPerson = await server.segmentMembers({ tree, asOf: fuzzAsOf });
        const renamed = (byDevice[i] ?? []).map((device) => personOf.get(device));
        expect(byPerson.sort(), JSON.stringify(tree)).toEqual(renamed.sort());
      }
      const personRfm = await server.rfmCustomers({ asOf: fuzzAsOf });
      const sortBy = (rows: typeof deviceRfm) => [...rows].sort((a, b) => (a.customer < b.customer ? -1 : 1));
      expect(sortBy(personRfm)).toEqual(
        sortBy(deviceRfm.map((row) => ({ ...row, customer: personOf.get(row.customer) ?? row.customer }))),
      );
    });
  }
});

describe('a person with several devices', () => {
  const asOf = Date.parse('2026-06-01T00:00:00Z');
  const at = (days: number) => asOf - days * day;
  const order = (device: string, days: number, id: string, revenue: number) =>
    trackEvent(device, 'Order Completed', at(days), { order_id: id, revenue });

  test('counts once in RFM with both devices’ orders and the backend’s userId-only order', async () => {
    const backend = userOnlyAnonymousId('u-ada');
    const events = [
      trackEvent('phone', 'Product Viewed', at(30)),
      order('phone', 20, 'o-1', 40),
      trackEvent('laptop', 'Product Viewed', at(10)),
      order('laptop', 5, 'o-2', 60),
      // The shop's backend confirms a third order with only the userId.
      order(backend, 2, 'o-3', 25),
      order('stranger', 3, 'o-9', 10),
    ];
    const lake = await lakeOf(events);
    const links: IdentityLink[] = [
      { anonymousId: 'phone', userId: 'u-ada', validFrom: at(25) },
      { anonymousId: 'laptop', userId: 'u-ada', validFrom: at(6) },
      { anonymousId: backend, userId: 'u-ada', validFrom: at(2) },
    ];
    await server.refresh(lake.dir, lake.files, []);
    expect((await server.rfmCustomers({ asOf })).map((row) => row.customer).sort()).toEqual(
      ['laptop', 'phone', 'stranger', backend].sort(),
    );

    await server.refresh(lake.dir, lake.files, links);
    const rows = await server.rfmCustomers({ asOf });
    expect(rows.map((row) => row.customer).sort()).toEqual(['stranger', 'u-ada']);
    expect(rows.find((row) => row.customer === 'u-ada')).toMatchObject({ frequency: 3, monetary: 125, recency: 2 });
    const viewers: SegmentTree = { kind: 'event', name: 'Product Viewed', atLeast: 2, where: [] };
    expect(await server.segmentMembers({ tree: viewers, asOf })).toEqual(['u-ada']);

    // The graph withdrawn (the person forgotten, their links gone): the events are the devices' again.
    await server.refresh(lake.dir, lake.files, []);
    expect((await server.rfmCustomers({ asOf })).map((row) => row.customer).sort()).toEqual(
      ['laptop', 'phone', 'stranger', backend].sort(),
    );
  });

  test('a shared device’s orders split at the switch, never merging the two people', async () => {
    const events = [order('family-tablet', 20, 'o-a', 10), order('family-tablet', 5, 'o-b', 99)];
    const lake = await lakeOf(events);
    const links: IdentityLink[] = [
      { anonymousId: 'family-tablet', userId: 'u-mum', validFrom: at(21) },
      { anonymousId: 'family-tablet', userId: 'u-son', validFrom: at(10) },
    ];
    await server.refresh(lake.dir, lake.files, links);
    const rows = await server.rfmCustomers({ asOf });
    expect(rows.map((row) => [row.customer, row.monetary])).toEqual([
      ['u-mum', 10],
      ['u-son', 99],
    ]);
    // The same rule as the server's JS one.
    expect([personAt(links, at(20)), personAt(links, at(5)), personAt(links, at(30))]).toEqual([
      'u-mum',
      'u-son',
      'u-mum',
    ]);
  });
});

describe("the console's engine (DuckDB-WASM) over a synced lake", () => {
  test('re-keys the lake’s events to people on sync, and again when the graph changes, fetching no file', async () => {
    const events = lakeEvents({ days: 3, perDay: 4, customers: 4 });
    const lake = buildLake(events, { watermark: 8 });
    const lakeServer = await startLakeServer(lake);
    const engine = await createNodeEngine();
    try {
      const customers = async () =>
        (await engine.query({ sql: 'SELECT DISTINCT customer FROM visitors ORDER BY 1' })).rows.map((r) => r.customer);
      await engine.syncLake({ manifestUrl: lakeServer.manifestUrl, budgetBytes: 1e9, full: true });
      expect(await customers()).toEqual(['v0', 'v1', 'v2', 'v3']);
      // v0 and v2 are one person's two devices, signed in long after their first events.
      const late = Math.max(...events.map((event) => event.time)) + day;
      lakeServer.people = {
        links: [
          { anonymousId: 'v0', userId: 'u-one', validFrom: late },
          { anonymousId: 'v2', userId: 'u-one', validFrom: late },
        ],
      };
      const files = fileRequests(lakeServer).length;
      const synced = await engine.syncLake({ manifestUrl: lakeServer.manifestUrl, budgetBytes: 1e9 });
      expect(synced).toMatchObject({ fetchedFiles: 0, changed: true });
      expect(fileRequests(lakeServer).length).toBe(files);
      expect(await customers()).toEqual(['u-one', 'v1', 'v3']);
      expect(synced.summary.rows).toBe(events.length);
      // The person forgotten (their links gone): the devices are their own customers again.
      lakeServer.people = { links: [] };
      await engine.syncLake({ manifestUrl: lakeServer.manifestUrl, budgetBytes: 1e9 });
      expect(await customers()).toEqual(['v0', 'v1', 'v2', 'v3']);
    } finally {
      await engine.close();
      await lakeServer.close();
    }
  });
});
