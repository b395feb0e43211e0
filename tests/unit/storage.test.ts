// The storage suite runs against both backends: embedded PGlite always, and
// PostgreSQL when KAIROS_TEST_DATABASE_URL points at a server (.ci/run starts one).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { count, eq, type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type DatabaseHandle, migrateDatabase, migrationsFolder, openDatabase } from '@/lib/db';
import { storeEvents } from '@/lib/db/event-store';
import * as schema from '@/lib/db/schema';
import { readOrCreateSetting, readSetting, settingKeys, writeSetting } from '@/lib/db/settings';
import { datasetSummary, eventBreakdown } from '@/lib/db/stats';
import { storageBackends, warnWithoutPostgres } from '../fixtures/storage-backends';

warnWithoutPostgres('storage suite');

const tables = [
  'visitors',
  'events',
  'event_message_ids',
  'push_subscriptions',
  'segments',
  'campaigns',
  'deliveries',
  'moment_rules',
  'settings',
  'admin_sessions',
];

/** Rows of a raw query; both drivers answer with `{ rows }`. */
async function rows<T>(handle: DatabaseHandle, query: SQL): Promise<T[]> {
  return ((await handle.db.execute(query)) as unknown as { rows: T[] }).rows;
}

function anEvent(overrides: Partial<typeof schema.events.$inferInsert> = {}): typeof schema.events.$inferInsert {
  return {
    messageId: randomUUID(),
    type: 'track',
    event: 'Order Completed',
    anonymousId: 'anon-1',
    properties: { revenue: 42.5 },
    timestamp: new Date('2026-03-01T10:00:00Z'),
    ...overrides,
  };
}

for (const backend of storageBackends) {
  describe.skipIf(backend.skip)(`storage on ${backend.name}`, () => {
    let handle: DatabaseHandle;
    let drop: () => Promise<void>;

    beforeAll(async () => {
      ({ handle, drop } = await backend.open());
      await migrateDatabase(handle);
    });
    afterAll(async () => {
      await handle?.close();
      await drop?.();
    });

    it('creates every table of the schema', async () => {
      const names = (
        await rows<{ table_name: string }>(
          handle,
          sql`select table_name from information_schema.tables where table_schema = 'public'`,
        )
      ).map((row) => row.table_name);
      for (const table of tables) expect(names).toContain(table);
    });

    it('runs the migrations again without change or error', async () => {
      await migrateDatabase(handle);
      await migrateDatabase(handle);
      const [applied] = await rows<{ n: number }>(
        handle,
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'));
      expect(Number(applied?.n)).toBe(journal.entries.length);
    });

    it('stores an event once per messageId, even after its row was deleted (the collector relies on it)', async () => {
      const event = anEvent();
      await handle.db.transaction((tx) => storeEvents(tx as unknown as Database, [event]));
      const again = await handle.db.transaction((tx) =>
        storeEvents(tx as unknown as Database, [{ ...event, event: 'changed' }]),
      );
      expect(again.size).toBe(0);
      const rows = await handle.db.select().from(schema.events).where(eq(schema.events.messageId, event.messageId));
      expect(rows).toHaveLength(1);
      expect(rows[0]?.event).toBe('Order Completed');
      expect(rows[0]?.properties).toEqual({ revenue: 42.5 });
    });

    it('refuses a replayed messageId whose event row was deleted (injected: the row deleted, as retention does)', async () => {
      const event = anEvent({ event: 'Product Viewed' });
      await handle.db.transaction((tx) => storeEvents(tx as unknown as Database, [event]));
      await handle.db.delete(schema.events).where(eq(schema.events.messageId, event.messageId));
      const replayed = await handle.db.transaction((tx) => storeEvents(tx as unknown as Database, [event]));
      expect(replayed.size).toBe(0);
      expect(await handle.db.select().from(schema.events).where(eq(schema.events.messageId, event.messageId))).toEqual(
        [],
      );
    });

    it('refuses a second delivery row for the same campaign and subscription', async () => {
      const [campaign] = await handle.db
        .insert(schema.campaigns)
        .values({ name: 'Spring', message: { title: 'Hi' } })
        .returning();
      const row = { campaignId: campaign!.id, subscriptionId: 7 };
      await handle.db.insert(schema.deliveries).values(row);
      await expect(handle.db.insert(schema.deliveries).values(row)).rejects.toThrow();
      const [{ n } = { n: 0 }] = await handle.db.select({ n: count() }).from(schema.deliveries);
      expect(n).toBe(1);
    });

    it('keeps settings as JSON and creates a setting only once', async () => {
      expect(await readSetting(handle.db, settingKeys.vapidKeys)).toBeUndefined();
      const first = await readOrCreateSetting(handle.db, settingKeys.vapidKeys, () => ({ publicKey: 'a' }));
      const second = await readOrCreateSetting(handle.db, settingKeys.vapidKeys, () => ({ publicKey: 'b' }));
      expect(first).toEqual({ value: { publicKey: 'a' }, created: true });
      expect(second).toEqual({ value: { publicKey: 'a' }, created: false });
      await writeSetting(handle.db, settingKeys.vapidKeys, { publicKey: 'c' });
      expect(await readSetting(handle.db, settingKeys.vapidKeys)).toEqual({ publicKey: 'c' });
    });

    it('summarises the dataset: visitors, events and their time range', async () => {
      const now = new Date('2026-05-01T00:00:00Z');
      await handle.db.insert(schema.visitors).values({ anonymousId: 'anon-1', firstSeen: now, lastSeen: now });
      await handle.db.insert(schema.events).values(anEvent({ timestamp: new Date('2026-01-02T00:00:00Z') }));
      const summary = await datasetSummary(handle.db);
      expect(summary.visitors).toBe(1);
      expect(summary.events).toBe(2);
      expect(summary.firstEventAt?.toISOString()).toBe('2026-01-02T00:00:00.000Z');
      expect(summary.lastEventAt?.toISOString()).toBe('2026-03-01T10:00:00.000Z');
    });

    it('breaks events down by name and sums numeric revenue only (injected: a string revenue)', async () => {
      await handle.db
        .insert(schema.events)
        .values([
          anEvent({ properties: { revenue: 10 } }),
          anEvent({ properties: { revenue: 'lots' } }),
          anEvent({ type: 'page', event: null, properties: {} }),
        ]);
      const breakdown = await eventBreakdown(handle.db);
      expect(breakdown.byName).toEqual([
        { name: 'Order Completed', count: 4 },
        { name: 'page', count: 1 },
      ]);
      expect(breakdown.purchases).toBe(4);
      expect(breakdown.revenue).toBeCloseTo(42.5 + 42.5 + 10, 6);
    });
  });
}

describe('embedded storage in a data folder', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kairos-storage-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps data across a restart', async () => {
    const dataDir = path.join(dir, 'pglite');
    const first = await openDatabase({ dataDir });
    await migrateDatabase(first);
    await writeSetting(first.db, settingKeys.sessionSecret, 'kept');
    await first.close();

    const second = await openDatabase({ dataDir });
    await migrateDatabase(second);
    expect(await readSetting(second.db, settingKeys.sessionSecret)).toBe('kept');
    await second.close();
  });

  it('refuses a second process on the same folder with a clear error (injected: a live lock owner)', async () => {
    const dataDir = path.join(dir, 'locked');
    const { writeFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    // The parent of this test process stands in for another live Kairos process.
    writeFileSync(`${dataDir}.lock`, String(process.ppid));
    await expect(openDatabase({ dataDir })).rejects.toThrow(/in use by process/);
  });

  it('rejects a DATABASE_URL that is not PostgreSQL', async () => {
    await expect(openDatabase({ url: 'mysql://localhost/kairos' })).rejects.toThrow(/postgres:\/\//);
  });
});
