import 'server-only';
import { inArray } from 'drizzle-orm';
import type { Database } from './client';
import { visitors } from './schema';

/** Each visitor's stored traits (what a message's {{placeholders}} are filled from); absent visitors are left out. */
export async function traitsOf(db: Database, anonymousIds: string[]): Promise<Map<string, Record<string, unknown>>> {
  if (anonymousIds.length === 0) return new Map();
  const rows = await db
    .select({ anonymousId: visitors.anonymousId, traits: visitors.traits })
    .from(visitors)
    .where(inArray(visitors.anonymousId, anonymousIds));
  return new Map(rows.map((row) => [row.anonymousId, row.traits]));
}
