// The collector's wire format: Segment's batch shape ({ batch, sentAt }), so a
// device can send many events in one request and the server can correct the
// device's clock (https://segment.com/docs/connections/spec/common/#timestamps).
import { z } from 'zod';

/** Limits the collector enforces; the device's batcher stays under them. */
export const collectLimits = {
  /** Events in one request. */
  maxBatchEvents: 500,
  /** Bytes of one request body (413 above). */
  maxBodyBytes: 512 * 1024,
  /** Bytes of one event, serialised (reported invalid above). */
  maxEventBytes: 32 * 1024,
  /** A corrected timestamp this far past the server's clock is refused. */
  maxFutureMs: 5 * 60 * 1000,
  /** An event older than this is refused (a device's clock gone wrong, or a replay). */
  maxAgeMs: 400 * 24 * 60 * 60 * 1000,
} as const;

/** The device batcher's own limits: below the collector's, and below keepalive's 64 KiB body cap. */
export const deviceBatchLimits = { maxEvents: 50, maxBytes: 60 * 1024 } as const;

export const collectRequestSchema = z.object({
  // Each event is validated on its own so one bad event does not sink the batch.
  batch: z.array(z.unknown()).min(1).max(collectLimits.maxBatchEvents),
  sentAt: z.iso.datetime({ offset: true }),
});
export type CollectRequest = z.infer<typeof collectRequestSchema>;

export interface CollectResponse {
  /** Events stored now. */
  accepted: number;
  /** Events the server already had (same messageId): a retry, not an error. */
  duplicates: number;
  /** Events refused, by their index in the batch, with the reason. */
  invalid: { index: number; reason: string }[];
}

export const deleteVisitorSchema = z.object({ anonymousId: z.string().min(1).max(100) }).strict();
