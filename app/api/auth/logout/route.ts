import { cookies } from 'next/headers';
import { isSameOrigin } from '@/app/_server/session';
import { deleteSession, sessionCookieName } from '@/lib/auth/session';
import { serverDatabase } from '@/lib/db';
import { forbidden } from '@/lib/http/response';

export async function POST(request: Request): Promise<Response> {
  // Another site must not be able to log the admin out.
  if (!isSameOrigin(request)) return forbidden('Cross-origin logout is refused.');
  const jar = await cookies();
  const { db } = await serverDatabase();
  await deleteSession(db, jar.get(sessionCookieName)?.value);
  jar.delete(sessionCookieName);
  return new Response(null, { status: 303, headers: { Location: '/console/login?loggedOut=1' } });
}
