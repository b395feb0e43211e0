import { deleteVisitorSchema } from '@/lib/contracts/collect';
import { forgetVisitor } from '@/lib/db/ingest';
import { clientLimiter } from '@/lib/http/client-limit';
import { preflight, publicPostCors } from '@/lib/http/cors';
import { json } from '@/lib/http/response';
import { publicRoute } from '@/lib/http/public-route';
import { lakeForgotten } from '@/lib/lake/runtime';

export const OPTIONS = preflight(publicPostCors);

/**
 * A visitor withdrew consent: delete the events, visitor row and push
 * subscriptions of their anonymousId. Holding the (random, device-only) id is
 * what entitles a caller to erase it.
 */
export const POST = publicRoute(
  {
    limiter: clientLimiter(['KAIROS_FORGET_RATE_LIMIT', 30], ['KAIROS_FORGET_GLOBAL_RATE_LIMIT', 1_200]),
    cors: publicPostCors,
    body: deleteVisitorSchema,
    maxBytes: 1024,
    usage: 'Send { "anonymousId": "…" }.',
  },
  async ({ db, body }) => {
    const deleted = await forgetVisitor(db, body.anonymousId);
    // The lake's copies go at the next compaction (queued durably by forgetVisitor), off this public route.
    if (deleted.events > 0) lakeForgotten();
    return json({ deleted });
  },
);
