import { RateLimiter } from '../auth/rate-limit';
import { clientKey } from './client-key';
import { tooManyRequests } from './response';

/** A limit per minute: the environment variable that sets it, and its default. */
export type EnvLimit = readonly [envName: string, perMinute: number];

/**
 * A route's two limits. Per client, so one noisy client does not crowd out
 * the rest; overall, so many clients at once (a botnet, a range of addresses)
 * cannot push more through than the server and database are sized for.
 * The overall default sits far above what one honest site sends.
 */
export interface ClientLimiter {
  perClient: RateLimiter;
  overall: RateLimiter;
}

function perMinute([envName, fallback]: EnvLimit): RateLimiter {
  const configured = Number(process.env[envName]);
  return new RateLimiter(Number.isFinite(configured) && configured > 0 ? configured : fallback, 60_000);
}

/** Requests per client and overall per minute, each from the environment or its default. */
export function clientLimiter(perClient: EnvLimit, overall: EnvLimit): ClientLimiter {
  return { perClient: perMinute(perClient), overall: perMinute(overall) };
}

const everyone = 'all';

/**
 * A 429 when the client, or everyone together, is over the limit; else
 * undefined (and the request is counted). A client over its own limit is
 * refused before it is counted overall, so it cannot spend others' share.
 */
export function overLimit(limiter: ClientLimiter, request: Request): Response | undefined {
  const key = clientKey(request);
  const wait = limiter.perClient.retryAfter(key) || limiter.overall.retryAfter(everyone);
  if (wait > 0) return tooManyRequests(wait);
  limiter.perClient.hit(key);
  limiter.overall.hit(everyone);
  return undefined;
}
