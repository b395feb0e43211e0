import { headerWriteKey, writeKeyName } from '../auth/write-keys';
import type { Database } from '../db/client';
import { overLimit } from './client-limit';
import { withCors } from './cors';
import type { PublicRouteTerms } from './public-route';
import { errorResponse } from './response';
import { caught, database, routeWrapper } from './route';

export const invalidWriteKey = () =>
  errorResponse(
    'invalid_write_key',
    'Send a write key of this Kairos server as the HTTP Basic user (or as writeKey in the body); nothing was stored.',
  );

/**
 * A route servers and Segment-compatible libraries send events to: public
 * terms (rate limit, CORS), and a write key. A key in the headers is checked
 * before the body is read; a request without one must carry `writeKey` in its
 * body, which the handler checks with bodyWriteKeyDenied.
 */
export const writeKeyRoute = routeWrapper<PublicRouteTerms>(async (request, { limiter, cors }, run) => {
  const response = await caught(request, async () => {
    const limited = limiter && overLimit(limiter, request);
    if (limited) return limited;
    const key = headerWriteKey(request);
    if (key === undefined) return run();
    const handle = await database();
    if (handle instanceof Response) return handle;
    return (await writeKeyName(handle.db, key)) === undefined ? invalidWriteKey() : run(handle);
  });
  return cors ? withCors(response, cors) : response;
});

/** The 401 to answer when the headers carried no key and the body's `writeKey` is missing or wrong. */
export async function bodyWriteKeyDenied(
  request: Request,
  db: Database,
  bodyKey: string | undefined,
): Promise<Response | undefined> {
  if (headerWriteKey(request) !== undefined) return undefined;
  return bodyKey !== undefined && (await writeKeyName(db, bodyKey)) !== undefined ? undefined : invalidWriteKey();
}
