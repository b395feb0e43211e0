import { clientLimiter, preflight, rateLimited, withCors } from '@/app/_server/public-endpoint';
import { pushRouteMaxBodyBytes, unsubscribeRequestSchema } from '@/lib/contracts/push-api';
import { serverDatabase } from '@/lib/db';
import { deleteSubscriptionByEndpoint } from '@/lib/db/push-subscriptions';
import { parseJsonBody } from '@/lib/http/json-body';
import { json } from '@/lib/http/response';

const limiter = clientLimiter('KAIROS_SUBSCRIBE_RATE_LIMIT', 60);

export const OPTIONS = preflight;

/** A visitor opted out: { endpoint }. The endpoint is a secret capability URL; holding it is the right to drop it. */
export async function POST(request: Request): Promise<Response> {
  const limited = rateLimited(limiter, request);
  if (limited) return limited;
  const body = await parseJsonBody(request, unsubscribeRequestSchema, pushRouteMaxBodyBytes);
  if (!body.ok) return withCors(body.response);
  const { db } = await serverDatabase();
  return withCors(json({ deleted: await deleteSubscriptionByEndpoint(db, body.data.endpoint) }));
}
