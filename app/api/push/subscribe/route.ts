import { visitorPushTerms } from '@/app/_server/push-route';
import { subscribeRequestSchema } from '@/lib/contracts/push';
import type { SubscribeResponse } from '@/lib/contracts/push-api';
import { upsertSubscription } from '@/lib/db/push-subscriptions';
import { preflight, publicPostCors } from '@/lib/http/cors';
import { errorResponse, json } from '@/lib/http/response';
import { publicRoute } from '@/lib/http/public-route';
import { checkPushEndpoint } from '@/lib/push/endpoint-guard';

export const OPTIONS = preflight(publicPostCors);

/**
 * A visitor opted in: { subscription, anonymousId, userId? }. The endpoint must
 * be https on a public address (every DNS answer checked), since the server
 * will POST to it. The same endpoint again updates its row.
 */
export const POST = publicRoute({ ...visitorPushTerms(), body: subscribeRequestSchema }, async ({ db, body }) => {
  const check = await checkPushEndpoint(body.subscription.endpoint);
  if (!check.ok) return errorResponse('endpoint_refused', check.reason);
  await upsertSubscription(db, body);
  return json({ subscribed: true } satisfies SubscribeResponse, { status: 201 });
});
