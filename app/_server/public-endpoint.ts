import 'server-only';
import { RateLimiter } from '@/lib/auth/rate-limit';
import { errorResponse, tooManyRequests } from '@/lib/http/response';
import { clientKey } from './client-key';

// Sites on any origin post to the public endpoints (the tracker is embedded
// elsewhere). No credentials are involved, so a wildcard origin is safe.
const corsHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '86400',
} as const;

export function withCors(response: Response): Response {
  for (const [key, value] of Object.entries(corsHeaders)) response.headers.set(key, value);
  return response;
}

export const preflight = () => withCors(new Response(null, { status: 204 }));

/** Requests per client per minute, from the environment or a default. */
export function clientLimiter(envName: string, perMinute: number): RateLimiter {
  const configured = Number(process.env[envName]);
  return new RateLimiter(Number.isFinite(configured) && configured > 0 ? configured : perMinute, 60_000);
}

/** A 429 when the client is over its limit (and the request is counted), else undefined. */
export function rateLimited(limiter: RateLimiter, request: Request): Response | undefined {
  const key = clientKey(request);
  const wait = limiter.retryAfter(key);
  if (wait > 0) return withCors(tooManyRequests(wait));
  limiter.hit(key);
  return undefined;
}

export const payloadTooLarge = (message: string) => withCors(errorResponse(413, 'payload_too_large', message));
