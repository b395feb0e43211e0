import 'server-only';
import { desc, eq } from 'drizzle-orm';
import type { SegmentTree } from '../contracts/segment';
import type { Database } from './client';
import { segments } from './schema';
import { cutText } from '../contracts/text';

export type SavedSegment = typeof segments.$inferSelect;

/** Size points kept per segment for the console's sparkline (the newest win). */
export const sizeHistoryLimit = 60;

export interface SegmentSize {
  size: number;
  /** Share of customers, 0..1. */
  share: number;
}

export const listSegments = (db: Database) => db.select().from(segments).orderBy(desc(segments.updatedAt));

export async function findSegment(db: Database, id: number): Promise<SavedSegment | undefined> {
  return (await db.select().from(segments).where(eq(segments.id, id)))[0];
}

export async function createSegment(
  db: Database,
  input: { name: string; description?: string; definition: SegmentTree; size?: SegmentSize },
  now = new Date(),
): Promise<SavedSegment> {
  const [created] = await db
    .insert(segments)
    .values({
      name: input.name,
      description: input.description ?? '',
      definition: input.definition,
      sizeHistory: input.size ? [{ at: now.toISOString(), ...input.size }] : [],
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!created) throw new Error('The segment was not stored.');
  return created;
}

/**
 * Renames, re-describes, redefines (a new version) or records a new size.
 * A changed definition bumps the version: sizes before it measured another segment.
 */
export async function updateSegment(
  db: Database,
  id: number,
  change: { name?: string; description?: string; definition?: SegmentTree; size?: SegmentSize },
  now = new Date(),
): Promise<SavedSegment | undefined> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(segments).where(eq(segments.id, id)).for('update');
    if (!current) return undefined;
    const redefined =
      change.definition !== undefined && JSON.stringify(change.definition) !== JSON.stringify(current.definition);
    const history = change.size
      ? [...current.sizeHistory, { at: now.toISOString(), ...change.size }].slice(-sizeHistoryLimit)
      : current.sizeHistory;
    const [updated] = await tx
      .update(segments)
      .set({
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(change.description !== undefined ? { description: change.description } : {}),
        ...(redefined ? { definition: change.definition, version: current.version + 1, publishedAt: null } : {}),
        sizeHistory: history,
        updatedAt: now,
      })
      .where(eq(segments.id, id))
      .returning();
    return updated;
  });
}

export async function duplicateSegment(db: Database, id: number, now = new Date()): Promise<SavedSegment | undefined> {
  const original = await findSegment(db, id);
  if (!original) return undefined;
  return createSegment(
    db,
    {
      name: cutText(`${original.name} (copy)`, 120),
      description: original.description,
      definition: original.definition as SegmentTree,
    },
    now,
  );
}

export async function deleteSegment(db: Database, id: number): Promise<boolean> {
  return (await db.delete(segments).where(eq(segments.id, id)).returning({ id: segments.id })).length === 1;
}

/** Publishes a segment for devices (now) or withdraws it; a redefinition withdraws it too (updateSegment). */
export async function setSegmentPublished(
  db: Database,
  id: number,
  published: boolean,
  now = new Date(),
): Promise<SavedSegment | undefined> {
  const [updated] = await db
    .update(segments)
    .set({ publishedAt: published ? now : null, updatedAt: now })
    .where(eq(segments.id, id))
    .returning();
  return updated;
}
