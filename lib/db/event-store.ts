import 'server-only';
import type { Database } from './client';
import { eventMessageIds, events } from './schema';

type EventRow = typeof events.$inferInsert;

/**
 * Inserts the rows whose message id was never stored: the ledger of message
 * ids (eventMessageIds) decides, so an event stays stored once even after its
 * row was deleted. Returns the message ids stored now. Run it in a transaction:
 * a refused event row must take its ledger row with it.
 */
export async function storeEvents(db: Database, rows: readonly EventRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  // The first of a repeated id wins, as the collector's own batch check does.
  const seen = new Set<string>();
  const unique = rows.filter((row) => !seen.has(row.messageId) && Boolean(seen.add(row.messageId)));
  const claimed = await db
    .insert(eventMessageIds)
    .values(unique.map((row) => ({ messageId: row.messageId, timestamp: row.timestamp })))
    .onConflictDoNothing({ target: eventMessageIds.messageId })
    .returning({ messageId: eventMessageIds.messageId });
  const fresh = new Set(claimed.map((row) => row.messageId));
  const stored = unique.filter((row) => fresh.has(row.messageId));
  if (stored.length > 0) await db.insert(events).values(stored);
  return fresh;
}
