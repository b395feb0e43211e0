import 'server-only';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { type SQL, sql } from 'drizzle-orm';
import type { Database } from './client';
import { rowsOf } from './rows';

/** Where the bytes of the stored events go, for the operator and the storage bench. */
export interface EventFootprint {
  events: number;
  /** Heap pages of every events relation (a partitioned table's partitions summed). */
  heapBytes: number;
  /** Out-of-line values (large jsonb) and their index. */
  toastBytes: number;
  /** Free-space and visibility maps. */
  mapBytes: number;
  /** Each index, summed over partitions, by the parent index's name. */
  indexBytes: Record<string, number>;
  /** Relations that exist only for events beside the events table (the message-id ledger). */
  ledgerBytes: number;
  /** The embedded database's write-ahead log and whole data folder (undefined on PostgreSQL). */
  walBytes: number | undefined;
  folderBytes: number | undefined;
}

const num = (value: unknown) => Number(value ?? 0);

function folderSize(folder: string): number {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    total += entry.isDirectory() ? folderSize(full) : statSync(full).size;
  }
  return total;
}

const rows = async <T>(db: Database, query: SQL): Promise<T[]> => rowsOf<T>(await db.execute(query));

/** Sizes of the events table (and its partitions), its indexes and the ledger; the folder's when embedded. */
export async function eventFootprint(db: Database, dataDir?: string): Promise<EventFootprint> {
  // The events table and, when it is partitioned, every partition of it.
  const tables = sql`(select 'events'::regclass as rel union all select inhrelid from pg_inherits where inhparent = 'events'::regclass)`;
  const [heap] = await rows<{ heap: string; toast: string; maps: string; n: string }>(
    db,
    sql`select sum(pg_relation_size(t.rel, 'main')) as heap,
        sum(coalesce(pg_total_relation_size(nullif(c.reltoastrelid, 0)), 0)) as toast,
        sum(pg_relation_size(t.rel, 'fsm') + pg_relation_size(t.rel, 'vm')) as maps,
        (select count(*) from events) as n
      from ${tables} t join pg_class c on c.oid = t.rel`,
  );
  const indexes = await rows<{ name: string; bytes: string }>(
    db,
    sql`select coalesce(parent.relname, i.relname) as name, sum(pg_relation_size(i.oid)) as bytes
      from pg_index x join pg_class i on i.oid = x.indexrelid
      left join pg_inherits h on h.inhrelid = i.oid left join pg_class parent on parent.oid = h.inhparent
      where x.indrelid in (select rel from ${tables})
      group by 1 order by 1`,
  );
  const [ledger] = await rows<{ bytes: string | null }>(
    db,
    sql`select sum(pg_total_relation_size(c.oid)) as bytes from pg_class c
      where c.relname = 'event_message_ids' and c.relkind = 'r'`,
  );
  return {
    events: num(heap?.n),
    heapBytes: num(heap?.heap),
    toastBytes: num(heap?.toast),
    mapBytes: num(heap?.maps),
    indexBytes: Object.fromEntries(indexes.map((row) => [row.name, num(row.bytes)])),
    ledgerBytes: num(ledger?.bytes),
    walBytes: dataDir ? folderSize(path.join(dataDir, 'pg_wal')) : undefined,
    folderBytes: dataDir ? folderSize(dataDir) : undefined,
  };
}
