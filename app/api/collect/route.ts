import { requestGeo } from '@/lib/collect/event-geo';
import { batchOverLimit, intakeLimiter, placeEvents, storeChecked } from '@/lib/collect/intake';
import { checkBatch } from '@/lib/collect/validate';
import { collectLimits, collectRequestSchema } from '@/lib/contracts/collect';
import { preflight, publicPostCors } from '@/lib/http/cors';
import { publicRoute } from '@/lib/http/public-route';

export const OPTIONS = preflight(publicPostCors);

/**
 * The collector: `{ batch, sentAt }` from devices (sent as text/plain so no
 * CORS preflight is needed, JSON accepted too). Valid events are stored once
 * each, with `context.geo` from the device's address (docs/geography.md);
 * invalid ones are reported by index with a reason.
 */
export const POST = publicRoute(
  {
    limiter: intakeLimiter(),
    cors: publicPostCors,
    body: collectRequestSchema,
    maxBytes: collectLimits.maxBodyBytes,
    usage: 'Send { batch: [...events], sentAt }.',
    oversized: batchOverLimit,
    // checkBatch makes each event storable on its own: one bad event is reported, its neighbours kept.
    itemsCheckedByHandler: true,
  },
  async ({ db, body, request }) => {
    const receivedAt = new Date();
    const checked = placeEvents(checkBatch(body.batch, new Date(body.sentAt), receivedAt), requestGeo(request));
    return storeChecked(db, checked, body.batch.length, receivedAt, 'collector');
  },
);
