// Migration 0008 on a database that already holds events, on both backends:
// the rows move into monthly partitions with their ids, every message id lands
// in the ledger, and the id sequence goes on where it was. Injected: rows of
// three months and a duplicate replayed after the upgrade.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type DatabaseHandle, migrateDatabase } from '@/lib/db';
import { storeEvents } from '@/lib/db/event-store';
import { rowsOf } from '@/lib/db/rows';
import type { events } from '@/lib/db/schema';
import { oldMigrationsFolder, storeBatchTheOldWay } from '../fixtures/storage-old-path';
import { storageBackends, warnWithoutPostgres } from '../fixtures/storage-backends';

warnWithoutPostgres('partition upgrade suite');

const row = (receivedAt: string): typeof events.$inferInsert => ({
  messageId: randomUUID(),
  type: 'track',
  event: 'Product Viewed',
  anonymousId: 'visitor-1',
  timestamp: new Date(receivedAt),
  receivedAt: new Date(receivedAt),
});

for (const backend of storageBackends) {
  // Skipped only for PostgreSQL when KAIROS_TEST_DATABASE_URL is unset (.ci/run starts a server).
  describe.skipIf(backend.skip)(`migration 0008 over stored events on ${backend.name}`, () => {
    let handle: DatabaseHandle;
    let drop: () => Promise<void>;
    const stored = [row('2025-11-03T10:00:00Z'), row('2025-12-24T10:00:00Z'), row('2026-01-02T10:00:00Z')];

    beforeAll(async () => {
      ({ handle, drop } = await backend.open());
      const { migrate } =
        handle.kind === 'pglite'
          ? await import('drizzle-orm/pglite/migrator')
          : await import('drizzle-orm/node-postgres/migrator');
      await migrate(handle.db as never, { migrationsFolder: oldMigrationsFolder() });
      await storeBatchTheOldWay(handle.db, stored);
      await migrateDatabase(handle);
    });
    afterAll(async () => {
      await handle?.close();
      await drop?.();
    });

    it('keeps every row, id and message id, each in its month', async () => {
      const rows = rowsOf<{ id: string; message_id: string; part: string }>(
        await handle.db.execute(sql`select id, message_id, tableoid::regclass::text as part from events order by id`),
      );
      expect(rows.map((r) => [Number(r.id), r.message_id, r.part])).toEqual([
        [1, stored[0]!.messageId, 'events_202511'],
        [2, stored[1]!.messageId, 'events_202512'],
        [3, stored[2]!.messageId, 'events_202601'],
      ]);
      const ledger = rowsOf<{ n: number }>(
        await handle.db.execute(sql`select count(*)::int as n from event_message_ids`),
      );
      expect(Number(ledger[0]?.n)).toBe(3);
    });

    it('goes on numbering after the old rows and refuses their replay', async () => {
      const fresh = row('2026-01-05T10:00:00Z');
      const db = handle.db;
      const stored2 = await db.transaction((tx) => storeEvents(tx as unknown as Database, [stored[0]!, fresh]));
      expect([...stored2]).toEqual([fresh.messageId]);
      const [top] = rowsOf<{ id: string }>(
        await db.execute(sql`select id from events where message_id = ${fresh.messageId}`),
      );
      expect(Number(top?.id)).toBe(4);
    });
  });
}
