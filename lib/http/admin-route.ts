import { sessionCookieName, verifySession } from '../auth/session';
import { cookieValue } from './cookies';
import { forbidden, unauthorized } from './response';
import { caught, database, routeWrapper } from './route';
import { isSameOrigin } from './same-origin';

const readOnly = new Set(['GET', 'HEAD']);

/**
 * A console API route: 401 without a valid session, 403 for a cross-site
 * state change (a second line behind the SameSite cookie), then the handler.
 */
export const adminRoute = routeWrapper<object>((request, _options, run) =>
  caught(request, async () => {
    const handle = await database();
    if (handle instanceof Response) return handle;
    if (!(await verifySession(handle.db, cookieValue(request, sessionCookieName)))) return unauthorized();
    if (!readOnly.has(request.method) && !isSameOrigin(request)) {
      return forbidden('Cross-origin requests to admin routes are refused.');
    }
    return run(handle);
  }),
);
