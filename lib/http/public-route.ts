import type { RateLimiter } from '../auth/rate-limit';
import { overLimit } from './client-limit';
import { type CorsPolicy, withCors } from './cors';
import { caught, routeWrapper } from './route';

export interface PublicRouteTerms {
  /** Requests per client; over it, a 429 with Retry-After. */
  limiter?: RateLimiter;
  /** Set on every answer, errors and failures included: a browser reads none without it. */
  cors?: CorsPolicy;
}

/** A route anyone may call (devices, visitors' browsers, load balancers): no session. */
export const publicRoute = routeWrapper<PublicRouteTerms>(async (request, { limiter, cors }, run) => {
  const response = await caught(request, async () => (limiter && overLimit(limiter, request)) || run());
  return cors ? withCors(response, cors) : response;
});
