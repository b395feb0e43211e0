import { cookies } from 'next/headers';
import { deleteSession, sessionCookieName } from '@/lib/auth/session';
import { forbidden } from '@/lib/http/response';
import { publicRoute } from '@/lib/http/public-route';
import { isSameOrigin } from '@/lib/http/same-origin';

export const POST = publicRoute(async ({ db, request }) => {
  // Another site must not be able to log the admin out.
  if (!isSameOrigin(request)) return forbidden('Cross-origin logout is refused.');
  const jar = await cookies();
  await deleteSession(db, jar.get(sessionCookieName)?.value);
  jar.delete(sessionCookieName);
  return new Response(null, { status: 303, headers: { Location: '/console/login?loggedOut=1' } });
});
