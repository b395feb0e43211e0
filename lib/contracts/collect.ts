// The collector's wire format: Segment's batch shape ({ batch, sentAt }), so a
// device can send many events in one request and the server can correct the
// device's clock (https://segment.com/docs/connections/spec/common/#timestamps).
import { z } from 'zod';
import { collectLimits } from './collect-limits';

export * from './collect-limits';

export const collectRequestSchema = z.object({
  // Each event is validated on its own so one bad event does not sink the batch.
  batch: z.array(z.unknown()).min(1).max(collectLimits.maxBatchEvents),
  sentAt: z.iso.datetime({ offset: true }),
});
export type CollectRequest = z.infer<typeof collectRequestSchema>;

export const deleteVisitorSchema = z.object({ anonymousId: z.string().min(1).max(100) }).strict();
/** A person forgotten by their userId: a server's call, with a write key (docs/people.md#forgetting-a-person). */
export const deletePersonSchema = z.object({ userId: z.string().min(1).max(200) }).strict();
export const forgetRequestSchema = z.union([deleteVisitorSchema, deletePersonSchema]);
