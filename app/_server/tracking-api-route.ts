import 'server-only';
// The Segment HTTP Tracking API (docs/segment-api.md): POST /v1/batch, and one
// path per call type (/v1/track, …, with analytics.js's one-letter aliases
// /v1/t, …, and /v1/b; Jitsu's /api/s/<type> and /api/s/s2s/<type>). Every path shares the collector's limits, checks and
// storage (lib/collect/intake.ts); only the reading of a call differs
// (lib/collect/segment-call.ts).
import { eventLocator } from '@/lib/collect/event-geo';
import { batchOverLimit, intakeLimiter, storeChecked } from '@/lib/collect/intake';
import { segmentCallReader } from '@/lib/collect/segment-call';
import { checkEvents } from '@/lib/collect/validate';
import { collectLimits } from '@/lib/contracts/collect';
import {
  type SegmentCallType,
  segmentBatchSchema,
  segmentCallTypes,
  segmentSingleSchema,
} from '@/lib/contracts/segment-api';
import { type CorsPolicy, preflight, publicPostCors } from '@/lib/http/cors';
import type { RouteParam } from '@/lib/http/route-param';
import { bodyWriteKeyDenied, writeKeyRoute } from '@/lib/http/write-key-route';

/** Browsers (analytics.js) send the key in the body as text/plain; others send it as a header. */
const trackingApiCors = {
  ...publicPostCors,
  'Access-Control-Allow-Headers': 'Content-Type, Authorization, X-Write-Key',
} as const satisfies CorsPolicy;

export const trackingApiPreflight = preflight(trackingApiCors);

const terms = {
  limiter: intakeLimiter(),
  cors: trackingApiCors,
  maxBytes: collectLimits.maxBodyBytes,
  gzip: true,
  // Each call is made storable and checked on its own: one bad call is reported, its neighbours kept.
  itemsCheckedByHandler: true,
};

/** Whether the operator keeps `context.ip` (docs/segment-api.md, What is stored). */
const keepIp = () => ['1', 'true'].includes(process.env.KAIROS_KEEP_CONTEXT_IP ?? '');

/** A batch's `context` applies to each of its calls; a call's own fields win. */
function withBatchContext(call: unknown, context: Record<string, unknown> | undefined): unknown {
  if (!context || typeof call !== 'object' || call === null || Array.isArray(call)) return call;
  const own = (call as { context?: unknown }).context;
  const merged = typeof own === 'object' && own !== null && !Array.isArray(own) ? { ...context, ...own } : context;
  return { ...call, context: merged };
}

export const trackingApiBatch = writeKeyRoute(
  {
    ...terms,
    body: segmentBatchSchema,
    usage: 'Send { batch: [...calls], sentAt }.',
    oversized: batchOverLimit,
  },
  async ({ db, body, request }) => {
    const denied = await bodyWriteKeyDenied(request, db, body.writeKey);
    if (denied) return denied;
    const receivedAt = new Date();
    const calls = body.batch.map((call) => withBatchContext(call, body.context));
    const read = segmentCallReader(
      { sentAt: body.sentAt, keepIp: keepIp(), locate: eventLocator(request) },
      receivedAt,
    );
    return storeChecked(db, checkEvents(calls, receivedAt, read), calls.length, receivedAt, 'Segment API');
  },
);

/** POST /v1/<type>: one call; the path names its type. */
export const trackingApiCall = (type: SegmentCallType) =>
  writeKeyRoute(
    { ...terms, body: segmentSingleSchema, usage: `Send one ${type} call.` },
    async ({ db, body, request }) => {
      const denied = await bodyWriteKeyDenied(request, db, body.writeKey);
      if (denied) return denied;
      const receivedAt = new Date();
      const read = segmentCallReader({ type, keepIp: keepIp(), locate: eventLocator(request) }, receivedAt);
      return storeChecked(db, checkEvents([body], receivedAt, read), 1, receivedAt, 'Segment API');
    },
  );

/** The `[type]` of Jitsu's paths (/api/s/track, /api/s/s2s/track); another word is a 404. */
const callTypeParam: RouteParam<SegmentCallType> = {
  name: 'type',
  entity: 'call type',
  read: (raw) => segmentCallTypes.find((type) => type === raw),
};

/** Jitsu's libraries post one call to /api/s/<type> (browsers) or /api/s/s2s/<type> (servers), key in X-Write-Key. */
export const trackingApiJitsuCall = writeKeyRoute(
  { ...terms, body: segmentSingleSchema, id: callTypeParam, usage: 'Send one call.' },
  async ({ db, body, request, id: type }) => {
    const denied = await bodyWriteKeyDenied(request, db, body.writeKey);
    if (denied) return denied;
    const receivedAt = new Date();
    const read = segmentCallReader({ type, keepIp: keepIp(), locate: eventLocator(request) }, receivedAt);
    return storeChecked(db, checkEvents([body], receivedAt, read), 1, receivedAt, 'Segment API');
  },
);
