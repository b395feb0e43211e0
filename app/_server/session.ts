import 'server-only';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
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

/** Every console page calls this first: layouts do not re-run on client navigation. */
export async function requireAdminPage(): Promise<void> {
  if (!(await hasAdminSession())) redirect('/console/login');
}
