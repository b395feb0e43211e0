// The Segment HTTP Tracking API's shapes, as Segment's, RudderStack's and
// Jitsu's libraries send them (https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/,
// common fields: https://segment.com/docs/connections/spec/common/). The
// schemas are loose on purpose: a field Kairos has no column for is kept in the
// event's bounded `extra` (lib/collect/extra-fields.ts), never a reason to
// refuse the call. Sizes are the collector's (lib/contracts/collect-limits.ts).
import { z } from 'zod';
import { collectLimits } from './collect-limits';
import { eventContextSchema } from './event';

export const segmentCallTypes = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const;
export type SegmentCallType = (typeof segmentCallTypes)[number];

export const segmentApiLimits = {
  /** Segment's libraries send UUIDs or ids like `node-next-1796191031148-8d1b…`; any string this long is kept. */
  maxMessageIdLength: 100,
  maxAnonymousIdLength: 100,
  maxUserIdLength: 200,
  /** Bytes of the fields kept in `extra`; fields past it are dropped and named in `extra.$dropped`. */
  maxExtraBytes: 8 * 1024,
} as const;

/** The anonymousId an event sent with only a userId is stored under: one customer per userId. */
export const userOnlyAnonymousId = (userId: string) => `user:${userId}`;

// Libraries have sent numeric ids for years (RudderStack's coerces them, Segment's API accepts them).
const id = (max: number) =>
  z.union([z.string(), z.number().finite()]).transform(String).pipe(z.string().min(1).max(max));

const time = z.iso.datetime({ offset: true });
const fields = z.record(z.string().max(200), z.unknown());

/** One call, as in a batch (`type` set) or posted to its own path (`type` from the path). */
export const segmentCallSchema = z.looseObject({
  type: z.enum(segmentCallTypes),
  messageId: z.string().min(1).max(segmentApiLimits.maxMessageIdLength).optional(),
  anonymousId: id(segmentApiLimits.maxAnonymousIdLength).nullish(),
  userId: id(segmentApiLimits.maxUserIdLength).nullish(),
  event: z.string().min(1).max(200).optional(),
  name: z.string().max(200).nullish(),
  category: z.string().max(200).nullish(),
  properties: fields.nullish(),
  traits: fields.nullish(),
  previousId: id(segmentApiLimits.maxUserIdLength).optional(),
  groupId: id(segmentApiLimits.maxUserIdLength).optional(),
  timestamp: time.nullish(),
  originalTimestamp: time.nullish(),
  sentAt: time.nullish(),
  context: fields.nullish(),
});
export type SegmentCall = z.infer<typeof segmentCallSchema>;

const { page, campaign, device, locale, timezone, userAgent } = eventContextSchema.shape;
const library = z.object({ name: z.string().max(100), version: z.string().max(100) }).partial();

/**
 * The context a call keeps (lib/collect/segment-call.ts): of each of these
 * objects, the known fields whose value passes its schema; these values whole
 * where they pass; `ip` only where the operator keeps it. The rest of a
 * context goes to `extra`.
 */
export const keptContextObjects = {
  page: page.unwrap().shape,
  campaign: campaign.unwrap().shape,
  device: device.unwrap().shape,
  library: library.shape,
};
export const keptContextValues = { locale, timezone, userAgent, ip: z.string().max(45) };

/**
 * Top-level fields of a call that are read and not kept: `receivedAt` is the
 * server's to set, `integrations` routes Segment's destinations (Kairos has
 * none), and a write key is never stored.
 */
export const readNotKept = ['receivedAt', 'integrations', 'writeKey'] as const;

/** `POST /v1/batch`: calls with the batch-wide `sentAt`, `context` and `integrations` Segment allows. */
export const segmentBatchSchema = z.looseObject({
  batch: z.array(z.unknown()).min(1).max(collectLimits.maxBatchEvents),
  sentAt: time.optional(),
  context: fields.optional(),
  writeKey: z.string().optional(),
});

/** `POST /v1/track` and the other single-call paths: the call itself (its own `sentAt` and `writeKey` included). */
export const segmentSingleSchema = z.looseObject({ writeKey: z.string().optional() });
