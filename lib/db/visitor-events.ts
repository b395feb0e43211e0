import 'server-only';
import { desc, eq } from 'drizzle-orm';
import type { Database } from './client';
import { events } from './schema';

/** One visitor's stored events, newest first (the console's visitor view, and tests). */
export async function visitorEvents(db: Database, anonymousId: string, limit = 5_000) {
  return db
    .select({
      messageId: events.messageId,
      type: events.type,
      event: events.event,
      properties: events.properties,
      traits: events.traits,
      context: events.context,
      userId: events.userId,
      sessionId: events.sessionId,
      timestamp: events.timestamp,
      originalTimestamp: events.originalTimestamp,
      receivedAt: events.receivedAt,
    })
    .from(events)
    .where(eq(events.anonymousId, anonymousId))
    .orderBy(desc(events.timestamp), desc(events.id))
    .limit(limit);
}
