import { clientLimiter, preflight, rateLimited, withCors } from '@/app/_server/public-endpoint';
import { subscribeRequestSchema } from '@/lib/contracts/push';
import { pushRouteMaxBodyBytes, type SubscribeResponse } from '@/lib/contracts/push-api';
import { serverDatabase } from '@/lib/db';
import { upsertSubscription } from '@/lib/db/push-subscriptions';
import { parseJsonBody } from '@/lib/http/json-body';
import { errorResponse, json } from '@/lib/http/response';
import { checkPushEndpoint } from '@/lib/push/endpoint-guard';

const limiter = clientLimiter('KAIROS_SUBSCRIBE_RATE_LIMIT', 60);

export const OPTIONS = preflight;

/**
 * A visitor opted in: { subscription, anonymousId, userId? }. The endpoint must
 * be https on a public address (every DNS answer checked), since the server
 * will POST to it. The same endpoint again updates its row.
 */
export async function POST(request: Request): Promise<Response> {
  const limited = rateLimited(limiter, request);
  if (limited) return limited;
  const body = await parseJsonBody(request, subscribeRequestSchema, pushRouteMaxBodyBytes);
  if (!body.ok) return withCors(body.response);
  const check = await checkPushEndpoint(body.data.subscription.endpoint);
  if (!check.ok) return withCors(errorResponse(422, 'endpoint_refused', check.reason));
  const { db } = await serverDatabase();
  await upsertSubscription(db, body.data);
  return withCors(json({ subscribed: true } satisfies SubscribeResponse, { status: 201 }));
}
