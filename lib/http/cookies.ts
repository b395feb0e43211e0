/**
 * A cookie of the request, read the way the framework's cookie jar reads it
 * (pairs split on "; ", values URI-decoded, the last of a repeated name wins),
 * so the proxy's check and a route's check see the same value.
 */
export function cookieValue(request: Request, name: string): string | undefined {
  let value: string | undefined;
  for (const pair of (request.headers.get('cookie') ?? '').split(/; */)) {
    const at = pair.indexOf('=');
    if (at === -1) {
      if (pair === name) value = 'true';
      continue;
    }
    if (pair.slice(0, at) !== name) continue;
    try {
      value = decodeURIComponent(pair.slice(at + 1));
    } catch {
      // An undecodable value is skipped, as the framework skips it.
    }
  }
  return value;
}
