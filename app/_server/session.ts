import 'server-only';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { consolePageHeader, loginPath } from '@/lib/auth/login-next';
import { verifySession, sessionCookieName } from '@/lib/auth/session';
import { serverDatabase } from '@/lib/db';

// Admin API routes check the session in lib/http/admin-route.ts; pages have no Request, hence the cookie jar.
export async function hasAdminSession(): Promise<boolean> {
  // The cookie first: reading it marks the page dynamic, so `next build` stops
  // before storage (which it must not open) is reached.
  const cookie = (await cookies()).get(sessionCookieName)?.value;
  const { db } = await serverDatabase();
  return verifySession(db, cookie);
}

/**
 * Every console page calls this first: layouts do not re-run on client
 * navigation. An invalid or expired cookie goes to the login like a missing one
 * (proxy.ts), keeping the page as `next` to come back to.
 */
export async function requireAdminPage(): Promise<void> {
  if (!(await hasAdminSession())) redirect(loginPath((await headers()).get(consolePageHeader)));
}
