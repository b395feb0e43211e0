import { type NextRequest, NextResponse } from 'next/server';
import { consolePageHeader, loginPath, requestedPage } from '@/lib/auth/login-next';
import { sessionCookieName } from '@/lib/auth/session-cookie';
import { contentSecurityPolicy } from '@/lib/security/csp';

/**
 * Runs before every page and API route: sets the per-request CSP nonce, and
 * turns away console requests that carry no session cookie at all. The session
 * itself is verified by each page (app/_server/session.ts, which sends an
 * invalid one to the login with the same `next`) and admin route
 * (lib/http/admin-route.ts).
 */
export function proxy(request: NextRequest): NextResponse {
  const { pathname } = request.nextUrl;
  const hasCookie = request.cookies.has(sessionCookieName);
  if (!hasCookie && pathname.startsWith('/api/admin/')) {
    return NextResponse.json(
      { error: { code: 'unauthorized', message: 'Log in to the console first.', status: 401 } },
      { status: 401 },
    );
  }
  const consolePage = pathname.startsWith('/console') && pathname !== '/console/login';
  if (!hasCookie && consolePage) {
    return NextResponse.redirect(new URL(loginPath(requestedPage(request.nextUrl)), request.url), 303);
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  // A page that finds the cookie invalid sends the admin to the login with this as `next`.
  // Set on every request, so a client's own header of that name never reaches a page.
  requestHeaders.set(consolePageHeader, consolePage ? requestedPage(request.nextUrl) : '');
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  return response;
}

export const config = {
  // Static files get the headers of next.config.js only; a CSP on them does nothing.
  // sw.js is left out too: a CSP there would bind the service worker's own fetches.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icons/|sw.js|kairos.js|kairos-push.js|kairos-sw.js|duckdb/).*)'],
};
