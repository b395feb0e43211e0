import { type ClientLimiter, overLimit } from './client-limit';
import { type CorsPolicy, withCors } from './cors';
import { caught, routeWrapper } from './route';

export interface PublicRouteTerms {
  /** Requests per client and overall; over either, a 429 with Retry-After. */
  limiter?: ClientLimiter;
  /** Set on every answer, errors and failures included: a browser reads none without it. */
  cors?: CorsPolicy;
}

/** A route anyone may call (devices, visitors' browsers, load balancers): no session. */
export const publicRoute = routeWrapper<PublicRouteTerms>(async (request, { limiter, cors }, run) => {
  const response = await caught(request, async () => (limiter && overLimit(limiter, request)) || run());
  return cors ? withCors(response, cors) : response;
});
