import { checkBatch } from '@/lib/collect/validate';
import { type CollectResponse, collectLimits, collectRequestSchema } from '@/lib/contracts/collect';
import { type IngestResult, ingestEvents } from '@/lib/db/ingest';
import { sqlState } from '@/lib/db/sql-state';
import { clientLimiter } from '@/lib/http/client-limit';
import { preflight, publicPostCors } from '@/lib/http/cors';
import { errorResponse, json } from '@/lib/http/response';
import { publicRoute } from '@/lib/http/public-route';
import { lakeStored } from '@/lib/lake/runtime';

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
    // 600 requests a minute per client, 30,000 overall, by default (docs/configuration.md).
    limiter: clientLimiter(['KAIROS_COLLECT_RATE_LIMIT', 600], ['KAIROS_COLLECT_GLOBAL_RATE_LIMIT', 30_000]),
    cors: publicPostCors,
    body: collectRequestSchema,
    maxBytes: collectLimits.maxBodyBytes,
    usage: 'Send { batch: [...events], sentAt }.',
    oversized: batchOverLimit,
    // checkBatch makes each event storable on its own: one bad event is reported, its neighbours kept.
    itemsCheckedByHandler: true,
  },
  async ({ db, body }) => {
    const receivedAt = new Date();
    const checked = checkBatch(body.batch, new Date(body.sentAt), receivedAt);
    let stored: IngestResult;
    try {
      stored = await ingestEvents(db, checked.valid, receivedAt);
    } catch (error) {
      // The device keeps the batch and retries on a 503. The log says what failed, never the
      // events' contents (visitor data): a database error message can quote its parameters.
      const code = sqlState(error) ?? (error instanceof Error ? error.name : 'unknown');
      console.error(`Kairos collector: storing ${checked.valid.length} events failed (${code}).`);
      return errorResponse('storage_unavailable', 'Events could not be stored; retry later.');
    }
    if (stored.accepted > 0) lakeStored(stored.accepted);
    if (stored.refused.length > 0) {
      const codes = [...new Set(stored.refused.map((refused) => refused.reason))].join('; ');
      console.warn(`Kairos collector: storage refused ${stored.refused.length} events: ${codes}`);
    }
    const invalid = [...checked.invalid, ...stored.refused].sort((a, b) => a.index - b.index);
    const result: CollectResponse = {
      accepted: stored.accepted,
      duplicates: checked.valid.length - stored.refused.length - stored.accepted + checked.repeated,
      invalid,
    };
    const noneTaken = invalid.length === body.batch.length;
    return json(result, { status: noneTaken ? 400 : 200 });
  },
);
