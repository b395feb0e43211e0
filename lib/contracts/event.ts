// The event contract, in the shape of the Segment spec so analysts recognise it
// (https://segment.com/docs/connections/spec/common/). messageId is the
// idempotency key from the device to the server's events table.
import { z } from 'zod';

import { deviceTypes, eventTypes, type StoredEventType } from './event-names';

export * from './event-names';

const shortText = z.string().max(2_000);
const properties = z.record(z.string().max(200), z.unknown());

export const eventContextSchema = z
  .object({
    page: z
      .object({
        url: shortText,
        path: shortText,
        referrer: shortText,
        title: shortText,
        search: shortText,
      })
      .partial()
      .strict(),
    campaign: z
      .object({
        source: shortText,
        medium: shortText,
        name: shortText,
        term: shortText,
        content: shortText,
      })
      .partial()
      .strict(),
    locale: z.string().max(35),
    timezone: z.string().max(64),
    userAgent: z.string().max(1_000),
    device: z.object({ type: z.enum(deviceTypes) }).strict(),
  })
  .partial()
  .strict();

export const eventSchema = z
  .object({
    messageId: z.uuid(),
    type: z.enum(eventTypes),
    event: z.string().min(1).max(200).optional(),
    properties: properties.default({}),
    traits: properties.default({}),
    anonymousId: z.string().min(1).max(100),
    userId: z.string().min(1).max(200).nullish(),
    sessionId: z.string().max(100).nullish(),
    timestamp: z.iso.datetime({ offset: true }),
    context: eventContextSchema.default({}),
  })
  .strict();

export type KairosEvent = z.infer<typeof eventSchema>;
export type EventContext = z.infer<typeof eventContextSchema>;

/**
 * An event as the server stores it: the tracker's events as sent, and calls of
 * the Segment-compatible API (lib/collect/segment-call.ts) mapped onto the same fields,
 * with what has no field of its own in `extra`.
 */
export interface StoredEvent {
  messageId: string;
  type: StoredEventType;
  event?: string;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  anonymousId: string;
  userId?: string | null;
  sessionId?: string | null;
  /** ISO 8601; the row's timestamp when no corrected one is given. */
  timestamp: string;
  context: Record<string, unknown>;
  extra?: Record<string, unknown> | null;
}
