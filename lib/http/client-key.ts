/**
 * The client a request comes from, for rate limits. The first X-Forwarded-For
 * hop is what `next start` and common proxies set; a client can forge it, so
 * limits keyed on it are paired with a global one.
 */
export function clientKey(request: Request): string {
  const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || request.headers.get('x-real-ip') || 'unknown';
}
