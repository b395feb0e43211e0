// Retention of stored events against the lake's watermark, and the monthly
// partitions it drops, on both backends. Failures injected: no lake manifest,
// a manifest that does not parse, a month holding one event the lake has not
// compacted, rows stranded in the default partition, a device replaying a
// batch whose rows retention deleted.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidEvent } from '@/lib/collect/validate';
import { type Database, type DatabaseHandle, migrateDatabase } from '@/lib/db';
import { ensureEventPartitionsBetween } from '@/lib/db/event-partitions';
import { keepDaysFromEnv, messageIdKeepMs, pruneStoredEvents } from '@/lib/db/event-retention';
import { storeEvents } from '@/lib/db/event-store';
import { ingestEvents } from '@/lib/db/ingest';
import { lakeWatermark } from '@/lib/db/lake-watermark';
import { rowsOf } from '@/lib/db/rows';
import type { events } from '@/lib/db/schema';
import { storageBackends, warnWithoutPostgres } from '../fixtures/storage-backends';

warnWithoutPostgres('event retention suite');

const now = new Date('2026-06-15T12:00:00Z');
const day = 86_400_000;

function row(receivedAt: Date): typeof events.$inferInsert {
  return {
    messageId: randomUUID(),
    type: 'track',
    event: 'Product Viewed',
    anonymousId: 'visitor-1',
    timestamp: receivedAt,
    receivedAt,
  };
}

function valid(at: Date): ValidEvent {
  const event = {
    messageId: randomUUID(),
    type: 'track' as const,
    event: 'Product Viewed',
    anonymousId: 'visitor-2',
    userId: null,
    sessionId: null,
    properties: {},
    traits: {},
    context: {},
    timestamp: at.toISOString(),
  };
  return { index: 0, event, originalTimestamp: at, timestamp: at };
}

for (const backend of storageBackends) {
  // Skipped only for PostgreSQL when KAIROS_TEST_DATABASE_URL is unset (.ci/run starts a server).
  describe.skipIf(backend.skip)(`event retention on ${backend.name}`, () => {
    let handle: DatabaseHandle;
    let drop: () => Promise<void>;
    let db: Database;
    const store = (rows: (typeof events.$inferInsert)[]) =>
      db.transaction((tx) => storeEvents(tx as unknown as Database, rows));
    const count = async (where = sql`true`) =>
      Number(rowsOf<{ n: string }>(await db.execute(sql`select count(*) as n from events where ${where}`))[0]?.n);
    const partitions = async () =>
      rowsOf<{ name: string }>(
        await db.execute(
          sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
            where i.inhparent = 'events'::regclass order by 1`,
        ),
      ).map((r) => r.name);
    const maxId = async () =>
      Number(rowsOf<{ top: string }>(await db.execute(sql`select max(id) as top from events`))[0]?.top);

    beforeAll(async () => {
      ({ handle, drop } = await backend.open());
      await migrateDatabase(handle);
      db = handle.db;
    });
    afterAll(async () => {
      await handle?.close();
      await drop?.();
    });

    it('creates monthly partitions and moves rows stranded in the default partition into them', async () => {
      // Injected: a month received before its partition existed lands in events_default.
      await store([row(new Date('2026-01-10T00:00:00Z'))]);
      expect(await count(sql`tableoid = 'events_default'::regclass`)).toBe(1);
      await ensureEventPartitionsBetween(db, new Date('2026-01-01T00:00:00Z'), new Date('2026-04-30T00:00:00Z'));
      expect(await partitions()).toEqual(
        expect.arrayContaining(['events_202601', 'events_202602', 'events_202603', 'events_202604', 'events_default']),
      );
      expect(await count(sql`tableoid = 'events_default'::regclass`)).toBe(0);
      expect(await count(sql`tableoid = 'events_202601'::regclass`)).toBe(1);
    });

    it('deletes nothing without a lake watermark', async () => {
      await store([row(new Date('2026-02-10T00:00:00Z')), row(new Date('2026-03-10T00:00:00Z'))]);
      const before = await count();
      const result = await pruneStoredEvents(db, { keepDays: 7, watermark: undefined, now });
      expect(result).toMatchObject({ partitionsDropped: [], eventsDeleted: 0 });
      expect(await count()).toBe(before);
    });

    it('drops whole months the lake holds, keeps a month with an event above the watermark and the recent days', async () => {
      const watermark = await maxId();
      // Injected: one event of March arrives after the lake's last compaction.
      await store([row(new Date('2026-03-20T00:00:00Z')), row(new Date('2026-06-14T00:00:00Z'))]);
      const result = await pruneStoredEvents(db, { keepDays: 7, watermark, now });
      // April was never written to: an empty past month goes too.
      expect(result.partitionsDropped).toEqual(['events_202601', 'events_202602', 'events_202604']);
      // March's compacted row goes row by row; its uncompacted one stays, as does June's.
      expect(result.eventsDeleted).toBe(1);
      expect(await partitions()).not.toContain('events_202601');
      expect(await count()).toBe(2);
      expect(await count(sql`id > ${watermark}`)).toBe(2);
    });

    it('refuses a replayed batch whose rows retention deleted', async () => {
      const at = new Date('2026-04-02T00:00:00Z');
      const batch = [valid(at)];
      expect((await ingestEvents(db, batch, at)).accepted).toBe(1);
      await pruneStoredEvents(db, { keepDays: 7, watermark: await maxId(), now });
      expect(await count(sql`message_id = ${batch[0]!.event.messageId}`)).toBe(0);
      expect(await ingestEvents(db, batch, now)).toEqual({ accepted: 0, refused: [] });
      expect(await count(sql`message_id = ${batch[0]!.event.messageId}`)).toBe(0);
    });

    it('forgets message ids only once the collector would refuse their event as too old', async () => {
      const old = row(new Date(now.getTime() - messageIdKeepMs - day));
      const kept = row(new Date(now.getTime() - messageIdKeepMs + day));
      await store([old, kept]);
      const result = await pruneStoredEvents(db, { keepDays: undefined, watermark: undefined, now });
      expect(result.messageIdsDeleted).toBe(1);
      const left = rowsOf<{ id: string }>(
        await db.execute(
          sql`select message_id as id from event_message_ids where message_id in (${old.messageId}, ${kept.messageId})`,
        ),
      ).map((r) => r.id);
      expect(left).toEqual([kept.messageId]);
    });
  });
}

describe('the lake watermark and the retention setting', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-watermark-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('reads the watermark of a valid manifest; none without one, none from one that does not parse', async () => {
    expect(await lakeWatermark(dataDir)).toBeUndefined();
    mkdirSync(path.join(dataDir, 'lake'));
    const manifest = path.join(dataDir, 'lake', 'manifest.json');
    writeFileSync(manifest, '{"version": 1, "watermark": ');
    expect(await lakeWatermark(dataDir)).toBeUndefined();
    writeFileSync(manifest, JSON.stringify({ version: 1, watermark: -3, files: [] }));
    expect(await lakeWatermark(dataDir)).toBeUndefined();
    writeFileSync(
      manifest,
      JSON.stringify({ version: 1, watermark: 41, files: [], tail: { rows: 0, url: '/x' }, generatedAt: 1 }),
    );
    expect(await lakeWatermark(dataDir)).toBe(41);
  });

  it('keeps 30 days by default, any number of days when set, every event when off', () => {
    expect(keepDaysFromEnv({})).toBe(30);
    expect(keepDaysFromEnv({ KAIROS_EVENTS_KEEP_DAYS: '2' })).toBe(2);
    expect(keepDaysFromEnv({ KAIROS_EVENTS_KEEP_DAYS: 'off' })).toBeUndefined();
    expect(() => keepDaysFromEnv({ KAIROS_EVENTS_KEEP_DAYS: 'soon' })).toThrow(/KAIROS_EVENTS_KEEP_DAYS/);
  });
});
