import { visitorPushTerms } from '@/app/_server/push-route';
import { unsubscribeRequestSchema } from '@/lib/contracts/push-api';
import { deleteSubscriptionByEndpoint } from '@/lib/db/push-subscriptions';
import { preflight, publicPostCors } from '@/lib/http/cors';
import { json } from '@/lib/http/response';
import { publicRoute } from '@/lib/http/public-route';

export const OPTIONS = preflight(publicPostCors);

/** A visitor opted out: { endpoint }. The endpoint is a secret capability URL; holding it is the right to drop it. */
export const POST = publicRoute({ ...visitorPushTerms(), body: unsubscribeRequestSchema }, async ({ db, body }) =>
  json({ deleted: await deleteSubscriptionByEndpoint(db, body.endpoint) }),
);
