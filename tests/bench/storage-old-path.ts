// Storage as it was before events were partitioned: the migrations up to 0004
// (one plain events table, a unique index on message_id for de-duplication),
// PGlite's default start parameters, and ingest's ON CONFLICT (message_id).
// Kept for the storage benchmark's peer column only.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrationsFolder } from '@/lib/db/client';
import type { Database } from '@/lib/db/client';
import { events } from '@/lib/db/schema';

const lastOldMigration = '0004_deliveries_due_index';

/** A copy of the migrations folder that ends before events were partitioned. */
export function oldMigrationsFolder(): string {
  const folder = path.join(mkdtempSync(path.join(tmpdir(), 'kairos-old-migrations-')), 'migrations');
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalFile = path.join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const end = journal.entries.findIndex((entry) => entry.tag === lastOldMigration);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, end + 1) }));
  return folder;
}

/** One batch as ingest stored it then: one insert, de-duplicated by the unique index. */
export async function storeBatchTheOldWay(db: Database, rows: (typeof events.$inferInsert)[]): Promise<number> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(events)
      .values(rows)
      .onConflictDoNothing({ target: events.messageId })
      .returning({ messageId: events.messageId });
    return inserted.length;
  });
}
