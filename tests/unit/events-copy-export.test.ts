// The export on PostgreSQL reads with COPY … TO STDOUT: the same Arrow stream,
// byte for byte, as the keyset export it replaces there. Injected: text that
// COPY's text format escapes (tab, newline, backslash, a quote in JSON, \N as
// a value), a track call without properties, a reader slower than the socket,
// and a reader that walks away mid-stream (its connection must not go back to
// the pool mid-COPY).
import { createHash, randomUUID } from 'node:crypto';
import type { Table } from 'apache-arrow';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowStreamChunks } from '@/lib/analytics/arrow-stream';
import type { Database, DatabaseHandle } from '@/lib/db';
import { migrateDatabase } from '@/lib/db';
import { copyTextField } from '@/lib/db/copy-out';
import { seedDemo } from '@/lib/db/demo-seed';
import { copyEventTables } from '@/lib/db/events-copy-export';
import { exportEventTables } from '@/lib/db/events-export';
import { storeEvents } from '@/lib/db/event-store';
import { rowsOf } from '@/lib/db/rows';
import { storeBulkEvents } from '../fixtures/bulk-events';
import { storageBackends, warnWithoutPostgres } from '../fixtures/storage-backends';

warnWithoutPostgres('COPY export suite');
const postgres = storageBackends.find((backend) => backend.name === 'PostgreSQL')!;

async function digest(tables: AsyncIterable<Table>): Promise<{ hash: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of arrowStreamChunks(tables)) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { hash: hash.digest('hex'), bytes };
}

describe('COPY text fields', () => {
  it('decodes null, the escapes COPY writes and plain text', () => {
    expect(copyTextField('\\N')).toBeNull();
    expect(copyTextField('a\\tb\\nc\\\\d\\re')).toBe('a\tb\nc\\d\re');
    expect(copyTextField('\\\\N')).toBe('\\N');
    expect(copyTextField('caf\\303\\251')).toBe('caf\u00c3\u00a9');
    expect(copyTextField('plain “text”')).toBe('plain “text”');
  });
});

// Needs PostgreSQL: skipped when KAIROS_TEST_DATABASE_URL is unset (.ci/run starts a server).
describe.skipIf(postgres.skip)('the event export with COPY on PostgreSQL', () => {
  let handle: DatabaseHandle;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ handle, drop } = await postgres.open());
    await migrateDatabase(handle);
    await seedDemo(handle.db, { visitors: 80, seed: 3, end: new Date('2026-05-31T00:00:00Z') });
    const at = new Date('2026-05-30T10:00:00Z');
    await handle.db.transaction((tx) =>
      storeEvents(tx as unknown as Database, [
        {
          messageId: randomUUID(),
          type: 'track',
          event: 'Order Completed',
          anonymousId: 'tab\there\nnewline \\ back',
          properties: { revenue: 12.5, order_id: 'o\t1', note: 'say "hi"\\N', emoji: '🙂' },
          traits: { plan: '\\N' },
          context: { locale: 'fr\tFR', userAgent: 'Mozilla/5.0 \\ odd', device: { type: 'mobile' } },
          timestamp: at,
          receivedAt: at,
        },
        { messageId: randomUUID(), type: 'page', anonymousId: 'v', timestamp: at, receivedAt: at },
      ]),
    );
  });
  afterAll(async () => {
    await handle?.close();
    await drop?.();
  });

  it('streams the same Arrow bytes as the keyset export', async () => {
    const keyset = await digest(exportEventTables(handle.db));
    const copied = await digest(copyEventTables(handle.db));
    expect(copied.bytes).toBeGreaterThan(0);
    expect(copied).toEqual(keyset);
  });

  it('streams the same bytes when the reader is slower than the socket (injected: a pause per batch)', async () => {
    // Rows pile up while the reader waits; each must survive the socket reads after it arrived.
    await storeBulkEvents(handle.db, 40_000);
    const keyset = await digest(exportEventTables(handle.db));
    async function* slowly(tables: AsyncIterable<Table>): AsyncGenerator<Table> {
      for await (const table of tables) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        yield table;
      }
    }
    expect(await digest(slowly(copyEventTables(handle.db)))).toEqual(keyset);
  });

  it('starts after an id, for the lake tail', async () => {
    const [top] = rowsOf<{ top: string }>(await handle.db.execute(sql`select max(id) - 2 as top from events`));
    let rows = 0;
    for await (const table of copyEventTables(handle.db, Number(top?.top))) rows += table.numRows;
    expect(rows).toBe(2);
  });

  it('gives back a usable pool when the reader stops mid-stream', async () => {
    for await (const table of copyEventTables(handle.db, 0, 100)) {
      expect(table.numRows).toBe(100);
      break;
    }
    // Every connection of the pool (10) must still answer a plain query.
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => handle.db.execute(sql`select count(*)::int as n from events`)),
    );
    expect(answers.every((answer) => Number(rowsOf<{ n: number }>(answer)[0]?.n) > 100)).toBe(true);
  });
});
