import 'server-only';
import { inArray, sql } from 'drizzle-orm';
import type { ValidEvent } from '../collect/validate';
import type { Database } from './client';
import { toEventRow } from './event-row';
import { linkIdentities } from './identity-links';
import { storeEvents } from './event-store';
import { events, identityLinks, lakeForgets, pushSubscriptions, visitors } from './schema';
import { isRowFault, sqlState } from './sql-state';
import { notificationEventNames } from '../contracts/event-names';

export interface IngestResult {
  /** Events stored now (a messageId already stored is not counted). */
  accepted: number;
  /** Events the database refused, by their index in the request, with the reason. */
  refused: { index: number; reason: string }[];
}

/**
 * Stores checked events once each (messageId is unique: a retried batch only
 * adds what is new) and keeps each visitor's row current: first and last
 * seen, the latest userId, and traits merged from identify calls. The batch
 * goes in one statement; when the database refuses a row of it, each event is
 * stored on its own so the refused ones are reported and their neighbours
 * kept. Any other failure (storage down) is thrown, for the device to retry.
 */
export async function ingestEvents(
  db: Database,
  batch: readonly ValidEvent[],
  receivedAt: Date,
): Promise<IngestResult> {
  try {
    return { accepted: await storeBatch(db, batch, receivedAt), refused: [] };
  } catch (error) {
    if (!isRowFault(error)) throw error;
  }
  const result: IngestResult = { accepted: 0, refused: [] };
  for (const valid of batch) {
    try {
      result.accepted += await storeBatch(db, [valid], receivedAt);
    } catch (error) {
      if (!isRowFault(error)) throw error;
      result.refused.push(refusal(valid, error));
    }
  }
  return result;
}

const refusal = (valid: ValidEvent, error: unknown) => ({
  index: valid.index,
  reason: `storage refused this event (SQLSTATE ${sqlState(error)})`,
});

async function storeBatch(db: Database, batch: readonly ValidEvent[], receivedAt: Date): Promise<number> {
  if (batch.length === 0) return 0;
  return db.transaction(async (tx) => {
    const fresh = await storeEvents(
      tx as unknown as Database,
      batch.map(({ event, timestamp, originalTimestamp }) =>
        toEventRow(event, { timestamp, originalTimestamp, receivedAt }),
      ),
    );
    const stored = fresh.size;
    // delete(): a repeated id counts for its visitor once, as it is stored once.
    const storedNow = batch.filter(({ event }) => fresh.delete(event.messageId));
    await upsertVisitors(tx as unknown as Database, storedNow);
    await linkIdentities(tx as unknown as Database, storedNow);
    await resetEngagementGuard(tx as unknown as Database, storedNow);
    return stored;
  });
}

/**
 * A click on any notification is the visitor engaging again: their
 * subscriptions' run of unclicked notifications starts over, and the
 * engagement guard sends them every campaign again (lib/delivery-policy).
 */
async function resetEngagementGuard(db: Database, batch: readonly ValidEvent[]): Promise<void> {
  const clicked = [
    ...new Set(
      batch
        .filter(({ event }) => event.type === 'track' && event.event === notificationEventNames.clicked)
        .map(({ event }) => event.anonymousId),
    ),
  ];
  if (clicked.length === 0) return;
  await db.update(pushSubscriptions).set({ unclickedSends: 0 }).where(inArray(pushSubscriptions.anonymousId, clicked));
}

async function upsertVisitors(db: Database, batch: readonly ValidEvent[]): Promise<void> {
  const byVisitor = new Map<string, typeof visitors.$inferInsert & { traits: Record<string, unknown> }>();
  // The time of the event each visitor's time zone was read from: the latest one that named a zone wins.
  const zoneAt = new Map<string, Date>();
  for (const { event, timestamp } of batch) {
    const row = byVisitor.get(event.anonymousId) ?? {
      anonymousId: event.anonymousId,
      userId: null,
      traits: {},
      firstSeen: timestamp,
      lastSeen: timestamp,
      timeZone: null,
    };
    if (timestamp < row.firstSeen) row.firstSeen = timestamp;
    if (timestamp > row.lastSeen) row.lastSeen = timestamp;
    const zone = event.context?.timezone;
    const seen = zoneAt.get(event.anonymousId);
    if (typeof zone === 'string' && zone !== '' && (!seen || timestamp >= seen)) {
      row.timeZone = zone;
      zoneAt.set(event.anonymousId, timestamp);
    }
    if (event.userId) row.userId = event.userId;
    if (event.type === 'identify') Object.assign(row.traits, event.traits);
    byVisitor.set(event.anonymousId, row);
  }
  if (byVisitor.size === 0) return;
  await db
    .insert(visitors)
    .values([...byVisitor.values()])
    .onConflictDoUpdate({
      target: visitors.anonymousId,
      set: {
        userId: sql`coalesce(excluded.user_id, ${visitors.userId})`,
        traits: sql`${visitors.traits} || excluded.traits`,
        firstSeen: sql`least(${visitors.firstSeen}, excluded.first_seen)`,
        lastSeen: sql`greatest(${visitors.lastSeen}, excluded.last_seen)`,
        // A late batch of older events does not replace the zone a newer one named.
        timeZone: sql`case when excluded.time_zone is not null and excluded.last_seen >= ${visitors.lastSeen}
          then excluded.time_zone else coalesce(${visitors.timeZone}, excluded.time_zone) end`,
      },
    });
}

/**
 * A visitor withdrew consent: their events, profile row and push subscriptions
 * go. Events already compacted into the lake's files are copies of stored
 * rows, so a visitor with stored events is queued for the compactor to
 * rewrite those files; queued in the same transaction, so no crash can delete
 * the rows and lose the request. The route stays one short transaction.
 */
export async function forgetVisitor(
  db: Database,
  anonymousId: string,
): Promise<{ events: number; subscriptions: number }> {
  return forgetDevices(db, [anonymousId]);
}

/**
 * Several devices forgotten at once (a person's, docs/people.md#forgetting-a-person):
 * as forgetVisitor, and their identity links go too.
 */
export async function forgetDevices(
  db: Database,
  anonymousIds: readonly string[],
): Promise<{ events: number; subscriptions: number }> {
  const ids = [...anonymousIds];
  if (ids.length === 0) return { events: 0, subscriptions: 0 };
  return db.transaction(async (tx) => {
    const gone = await tx
      .delete(events)
      .where(inArray(events.anonymousId, ids))
      .returning({ id: events.id, anonymousId: events.anonymousId });
    const subscriptions = await tx
      .delete(pushSubscriptions)
      .where(inArray(pushSubscriptions.anonymousId, ids))
      .returning({ id: pushSubscriptions.id });
    await tx.delete(visitors).where(inArray(visitors.anonymousId, ids));
    await tx.delete(identityLinks).where(inArray(identityLinks.anonymousId, ids));
    const withEvents = [...new Set(gone.map((row) => row.anonymousId))];
    if (withEvents.length > 0) {
      // A repeated request moves the time on: the compactor clears only requests it had read.
      await tx
        .insert(lakeForgets)
        .values(withEvents.map((anonymousId) => ({ anonymousId })))
        .onConflictDoUpdate({ target: lakeForgets.anonymousId, set: { requestedAt: sql`now()` } });
    }
    return { events: gone.length, subscriptions: subscriptions.length };
  });
}
