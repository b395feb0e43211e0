import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { verifySession, sessionCookieName } from '@/lib/auth/session';
import { serverDatabase } from '@/lib/db';
import { forbidden, unauthorized } from '@/lib/http/response';

export async function hasAdminSession(): Promise<boolean> {
  const { db } = await serverDatabase();
  return verifySession(db, (await cookies()).get(sessionCookieName)?.value);
}

/** Every console page calls this first: layouts do not re-run on client navigation. */
export async function requireAdminPage(): Promise<void> {
  if (!(await hasAdminSession())) redirect('/console/login');
}

type RouteHandler<C> = (request: Request, context: C) => Promise<Response>;

/**
 * Wraps an admin API handler: 401 without a valid session, 403 for a
 * cross-site state change (a second line behind the SameSite cookie).
 */
export function adminRoute<C>(handler: RouteHandler<C>): RouteHandler<C> {
  return async (request, context) => {
    if (!(await hasAdminSession())) return unauthorized();
    if (!['GET', 'HEAD'].includes(request.method) && !isSameOrigin(request)) {
      return forbidden('Cross-origin requests to admin routes are refused.');
    }
    return handler(request, context);
  };
}

/** A browser's state-changing request from this site (or a non-browser client, which sends no Origin). */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin) return true; // the cookie still gates such clients
  if (!URL.canParse(origin)) return false; // "null": sandboxed frames, file: pages
  return origin === new URL(request.url).origin || new URL(origin).host === request.headers.get('host');
}
