import { clientLimiter, payloadTooLarge, preflight, rateLimited, withCors } from '@/app/_server/public-endpoint';
import { checkBatch } from '@/lib/collect/validate';
import { type CollectResponse, collectLimits, collectRequestSchema } from '@/lib/contracts/collect';
import { serverDatabase } from '@/lib/db';
import { ingestEvents } from '@/lib/db/ingest';
import { readBodyText } from '@/lib/http/body';
import { errorResponse, json } from '@/lib/http/response';

// Per client: 600 requests a minute by default (KAIROS_COLLECT_RATE_LIMIT).
const limiter = clientLimiter('KAIROS_COLLECT_RATE_LIMIT', 600);

export const OPTIONS = preflight;

/**
 * The collector: `{ batch, sentAt }` from devices (sent as text/plain so no
 * CORS preflight is needed, JSON accepted too). Valid events are stored once
 * each; invalid ones are reported by index with a reason.
 */
export async function POST(request: Request): Promise<Response> {
  const limited = rateLimited(limiter, request);
  if (limited) return limited;

  const body = await readBodyText(request, collectLimits.maxBodyBytes);
  if (body === 'too-large') return payloadTooLarge(`The body is over ${collectLimits.maxBodyBytes} bytes.`);
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return withCors(errorResponse(400, 'malformed_json', 'The body is not valid JSON.'));
  }
  const batchLength = (payload as { batch?: unknown } | null)?.batch;
  if (Array.isArray(batchLength) && batchLength.length > collectLimits.maxBatchEvents) {
    return payloadTooLarge(`A batch holds at most ${collectLimits.maxBatchEvents} events.`);
  }
  const parsed = collectRequestSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`;
    return withCors(errorResponse(400, 'invalid_request', `Send { batch: [...events], sentAt }. ${message}`));
  }

  const receivedAt = new Date();
  const checked = checkBatch(parsed.data.batch, new Date(parsed.data.sentAt), receivedAt);
  let accepted: number;
  try {
    const { db } = await serverDatabase();
    accepted = await ingestEvents(db, checked.valid, receivedAt);
  } catch (error) {
    // The device keeps the batch and retries; the browser must be able to read that answer (CORS).
    console.error('Kairos collector: storing a batch failed:', error);
    return withCors(errorResponse(503, 'storage_unavailable', 'Events could not be stored; retry later.'));
  }
  const result: CollectResponse = {
    accepted,
    duplicates: checked.valid.length - accepted + checked.repeated,
    invalid: checked.invalid,
  };
  return withCors(json(result, { status: checked.valid.length === 0 && checked.repeated === 0 ? 400 : 200 }));
}
