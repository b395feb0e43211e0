import { type NextRequest, NextResponse } from 'next/server';
import { sessionCookieName } from '@/lib/auth/session-cookie';
import { contentSecurityPolicy } from '@/lib/security/csp';

/**
 * Runs before every page and API route: sets the per-request CSP nonce, and
 * turns away console requests that carry no session cookie at all. The session
 * itself is verified by each page (app/_server/session.ts) and admin route
 * (lib/http/admin-route.ts).
 */
export function proxy(request: NextRequest): NextResponse {
  const { pathname, search } = request.nextUrl;
  const hasCookie = request.cookies.has(sessionCookieName);
  if (!hasCookie && pathname.startsWith('/api/admin/')) {
    return NextResponse.json(
      { error: { code: 'unauthorized', message: 'Log in to the console first.', status: 401 } },
      { status: 401 },
    );
  }
  if (!hasCookie && pathname.startsWith('/console') && pathname !== '/console/login') {
    const login = new URL('/console/login', request.url);
    login.searchParams.set('next', pathname + search);
    return NextResponse.redirect(login, 303);
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
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
