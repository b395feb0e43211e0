import 'server-only';
import { pushRouteMaxBodyBytes } from '@/lib/contracts/push-api';
import { clientLimiter } from '@/lib/http/client-limit';
import { publicPostCors } from '@/lib/http/cors';

/**
 * The terms of the visitor-facing push routes (subscribe, unsubscribe): open
 * CORS, bounded bodies, and a rate limit each route counts on its own.
 */
export const visitorPushTerms = () => ({
  limiter: clientLimiter(['KAIROS_SUBSCRIBE_RATE_LIMIT', 60], ['KAIROS_SUBSCRIBE_GLOBAL_RATE_LIMIT', 3_000]),
  cors: publicPostCors,
  maxBytes: pushRouteMaxBodyBytes,
});
