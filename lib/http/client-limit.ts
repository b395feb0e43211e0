import { RateLimiter } from '../auth/rate-limit';
import { clientKey } from './client-key';
import { tooManyRequests } from './response';

/** Requests per client per minute, from the environment or a default. */
export function clientLimiter(envName: string, perMinute: number): RateLimiter {
  const configured = Number(process.env[envName]);
  return new RateLimiter(Number.isFinite(configured) && configured > 0 ? configured : perMinute, 60_000);
}

/** A 429 when the client is over its limit, else undefined (and the request is counted). */
export function overLimit(limiter: RateLimiter, request: Request): Response | undefined {
  const key = clientKey(request);
  const wait = limiter.retryAfter(key);
  if (wait > 0) return tooManyRequests(wait);
  limiter.hit(key);
  return undefined;
}
