// What every event intake shares, the tracker's /api/collect and the Segment
// API's /v1/*: one rate limit, one batch-length limit, and one way to store the
// checked events and answer with what was accepted, repeated and refused.
import { type CollectResponse, collectLimits } from '../contracts/collect';
import { type IngestResult, ingestEvents } from '../db/ingest';
import type { Database } from '../db/client';
import { sqlState } from '../db/sql-state';
import { type ClientLimiter, clientLimiter } from '../http/client-limit';
import { errorResponse, json } from '../http/response';
import { lakeStored } from '../lake/runtime';
import type { VisitorGeo } from '../contracts/geo';
import type { BatchCheck } from './validate';

// On globalThis: each route is its own bundle, and a limit per route file would
// let a client send through /api/collect and every /v1 path a limit each.
const holder = globalThis as typeof globalThis & { kairosIntakeLimiter?: ClientLimiter };

/** 600 requests a minute per client, 30,000 overall, by default (docs/segment-api.md, README Configuration). */
export function intakeLimiter(): ClientLimiter {
  holder.kairosIntakeLimiter ??= clientLimiter(
    ['KAIROS_COLLECT_RATE_LIMIT', 600],
    ['KAIROS_COLLECT_GLOBAL_RATE_LIMIT', 30_000],
  );
  return holder.kairosIntakeLimiter;
}

/** A batch too long is refused as too large, before each of its events is looked at. */
export function batchOverLimit(payload: unknown): string | undefined {
  const batch = typeof payload === 'object' && payload !== null && 'batch' in payload ? payload.batch : undefined;
  return Array.isArray(batch) && batch.length > collectLimits.maxBatchEvents
    ? `A batch holds at most ${collectLimits.maxBatchEvents} events.`
    : undefined;
}

/** Every valid event of a batch from one device gets that device's place as `context.geo`. */
export function placeEvents(checked: BatchCheck, geo: VisitorGeo | undefined): BatchCheck {
  if (geo) for (const valid of checked.valid) valid.event.context = { ...valid.event.context, geo };
  return checked;
}

/**
 * Stores the valid events once each and answers: 200 with the counts and the
 * refused events by index, 400 when none was taken, 503 (retry) when storage
 * failed. `intake` names the route in the server log.
 */
export async function storeChecked(
  db: Database,
  checked: BatchCheck,
  sent: number,
  receivedAt: Date,
  intake: string,
): Promise<Response> {
  let stored: IngestResult;
  try {
    stored = await ingestEvents(db, checked.valid, receivedAt);
  } catch (error) {
    // The sender keeps the batch and retries on a 503. The log says what failed, never the
    // events' contents (visitor data): a database error message can quote its parameters.
    const code = sqlState(error) ?? (error instanceof Error ? error.name : 'unknown');
    console.error(`Kairos ${intake}: storing ${checked.valid.length} events failed (${code}).`);
    return errorResponse('storage_unavailable', 'Events could not be stored; retry later.');
  }
  if (stored.accepted > 0) lakeStored(stored.accepted);
  if (stored.refused.length > 0) {
    const codes = [...new Set(stored.refused.map((refused) => refused.reason))].join('; ');
    console.warn(`Kairos ${intake}: storage refused ${stored.refused.length} events: ${codes}`);
  }
  const invalid = [...checked.invalid, ...stored.refused].sort((a, b) => a.index - b.index);
  const result: CollectResponse = {
    accepted: stored.accepted,
    duplicates: checked.valid.length - stored.refused.length - stored.accepted + checked.repeated,
    invalid,
  };
  return json(result, { status: invalid.length === sent ? 400 : 200 });
}
