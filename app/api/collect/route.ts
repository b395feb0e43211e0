import { checkBatch } from '@/lib/collect/validate';
import { type CollectResponse, collectLimits, collectRequestSchema } from '@/lib/contracts/collect';
import { ingestEvents } from '@/lib/db/ingest';
import { clientLimiter } from '@/lib/http/client-limit';
import { preflight, publicPostCors } from '@/lib/http/cors';
import { errorResponse, json } from '@/lib/http/response';
import { publicRoute } from '@/lib/http/public-route';

export const OPTIONS = preflight(publicPostCors);

/** A batch too long is refused as too large, before each of its events is looked at. */
function batchOverLimit(payload: unknown): string | undefined {
  const batch = typeof payload === 'object' && payload !== null && 'batch' in payload ? payload.batch : undefined;
  return Array.isArray(batch) && batch.length > collectLimits.maxBatchEvents
    ? `A batch holds at most ${collectLimits.maxBatchEvents} events.`
    : undefined;
}

/**
 * The collector: `{ batch, sentAt }` from devices (sent as text/plain so no
 * CORS preflight is needed, JSON accepted too). Valid events are stored once
 * each; invalid ones are reported by index with a reason.
 */
export const POST = publicRoute(
  {
    // 600 requests a minute per client, 30,000 overall, by default (README, Configuration).
    limiter: clientLimiter(['KAIROS_COLLECT_RATE_LIMIT', 600], ['KAIROS_COLLECT_GLOBAL_RATE_LIMIT', 30_000]),
    cors: publicPostCors,
    body: collectRequestSchema,
    maxBytes: collectLimits.maxBodyBytes,
    usage: 'Send { batch: [...events], sentAt }.',
    oversized: batchOverLimit,
  },
  async ({ db, body }) => {
    const receivedAt = new Date();
    const checked = checkBatch(body.batch, new Date(body.sentAt), receivedAt);
    let accepted: number;
    try {
      accepted = await ingestEvents(db, checked.valid, receivedAt);
    } catch (error) {
      // The device keeps the batch and retries on a 503.
      console.error('Kairos collector: storing a batch failed:', error);
      return errorResponse('storage_unavailable', 'Events could not be stored; retry later.');
    }
    const result: CollectResponse = {
      accepted,
      duplicates: checked.valid.length - accepted + checked.repeated,
      invalid: checked.invalid,
    };
    return json(result, { status: checked.valid.length === 0 && checked.repeated === 0 ? 400 : 200 });
  },
);
