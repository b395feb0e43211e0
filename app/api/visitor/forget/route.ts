import { headerWriteKey, writeKeyName } from '@/lib/auth/write-keys';
import { forgetRequestSchema } from '@/lib/contracts/collect';
import { forgetVisitor } from '@/lib/db/ingest';
import { forgetPerson } from '@/lib/db/people';
import { clientLimiter } from '@/lib/http/client-limit';
import { preflight, publicPostCors } from '@/lib/http/cors';
import { json } from '@/lib/http/response';
import { publicRoute } from '@/lib/http/public-route';
import { invalidWriteKey } from '@/lib/http/write-key-route';
import { lakeForgotten } from '@/lib/lake/runtime';

export const OPTIONS = preflight(publicPostCors);

/**
 * A visitor withdrew consent: delete the events, visitor row and push
 * subscriptions of their anonymousId. Holding the (random, device-only) id is
 * what entitles a caller to erase it. A person (`{ userId }`) is forgotten only
 * by a server holding a write key: a userId is not a secret
 * (docs/people.md#forgetting-a-person).
 */
export const POST = publicRoute(
  {
    limiter: clientLimiter(['KAIROS_FORGET_RATE_LIMIT', 30], ['KAIROS_FORGET_GLOBAL_RATE_LIMIT', 1_200]),
    cors: publicPostCors,
    body: forgetRequestSchema,
    maxBytes: 1024,
    usage: 'Send { "anonymousId": "…" }, or { "userId": "…" } with a write key as the HTTP Basic user.',
  },
  async ({ db, body, request }) => {
    if ('userId' in body) {
      const key = headerWriteKey(request);
      if (key === undefined || (await writeKeyName(db, key)) === undefined) return invalidWriteKey();
      const deleted = await forgetPerson(db, body.userId);
      if (deleted.events > 0) lakeForgotten();
      return json({ deleted });
    }
    const deleted = await forgetVisitor(db, body.anonymousId);
    // The lake's copies go at the next compaction (queued durably by forgetVisitor), off this public route.
    if (deleted.events > 0) lakeForgotten();
    return json({ deleted });
  },
);
