import 'server-only';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { WriteKeyListing } from '../contracts/write-key';
import type { Database } from './client';
import { writeKeys } from './schema';
import { sqlState } from './sql-state';

const listing = (row: typeof writeKeys.$inferSelect): WriteKeyListing => ({
  id: row.id,
  name: row.name,
  keyStart: row.keyStart,
  source: 'stored',
  createdAt: row.createdAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

/** Stores a key's hash under a name no active key has; 'name-taken' otherwise. */
export async function insertWriteKey(
  db: Database,
  fields: { name: string; keyHash: string; keyStart: string },
): Promise<WriteKeyListing | 'name-taken'> {
  try {
    const [row] = await db.insert(writeKeys).values(fields).returning();
    if (!row) throw new Error('The write key was not stored.');
    return listing(row);
  } catch (error) {
    // 23505: unique_violation, here the one active key per name.
    if (sqlState(error) === '23505') return 'name-taken';
    throw error;
  }
}

/** Every stored key, active and revoked, newest first. */
export async function listWriteKeys(db: Database): Promise<WriteKeyListing[]> {
  const rows = await db.select().from(writeKeys).orderBy(desc(writeKeys.createdAt), desc(writeKeys.id));
  return rows.map(listing);
}

/** Revokes the active key of that name; false when there is none. */
export async function revokeWriteKey(db: Database, name: string): Promise<boolean> {
  const revoked = await db
    .update(writeKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(writeKeys.name, name), isNull(writeKeys.revokedAt)))
    .returning({ id: writeKeys.id });
  return revoked.length > 0;
}

/** The name of the active key with that hash, if any. */
export async function activeWriteKeyName(db: Database, keyHash: string): Promise<string | undefined> {
  const [row] = await db
    .select({ name: writeKeys.name })
    .from(writeKeys)
    .where(and(eq(writeKeys.keyHash, keyHash), isNull(writeKeys.revokedAt)));
  return row?.name;
}
