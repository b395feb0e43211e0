import 'server-only';
import type { StoredEvent } from '../contracts/event';
import type { events } from './schema';

/** An event as a row of the events table; times default to the event's own timestamp. */
export function toEventRow(
  event: StoredEvent,
  times: { timestamp?: Date; originalTimestamp?: Date | null; receivedAt?: Date } = {},
): typeof events.$inferInsert {
  const timestamp = times.timestamp ?? new Date(event.timestamp);
  return {
    messageId: event.messageId,
    type: event.type,
    event: event.event ?? null,
    anonymousId: event.anonymousId,
    userId: event.userId ?? null,
    sessionId: event.sessionId ?? null,
    properties: event.properties,
    traits: event.traits,
    context: event.context,
    timestamp,
    originalTimestamp: times.originalTimestamp ?? null,
    receivedAt: times.receivedAt ?? timestamp,
    extra: event.extra ?? null,
  };
}
