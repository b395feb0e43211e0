import { cookies } from 'next/headers';
import { deleteSession, sessionCookieName } from '@/lib/auth/session';
import { serverDatabase } from '@/lib/db';

export async function POST(): Promise<Response> {
  const jar = await cookies();
  const { db } = await serverDatabase();
  await deleteSession(db, jar.get(sessionCookieName)?.value);
  jar.delete(sessionCookieName);
  return new Response(null, { status: 303, headers: { Location: '/console/login?loggedOut=1' } });
}
