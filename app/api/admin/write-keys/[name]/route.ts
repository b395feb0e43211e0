import { revokeNamedWriteKey } from '@/lib/auth/write-keys';
import { adminRoute } from '@/lib/http/admin-route';
import { badRequest, noContent, notFound } from '@/lib/http/response';
import { pathText } from '@/lib/http/route-param';

/** Revokes the active key of that name: its senders get 401 from the next request on. */
export const DELETE = adminRoute({ id: pathText('name') }, async ({ db, id: name }) => {
  const revoked = await revokeNamedWriteKey(db, name);
  if (revoked === 'from-env') return badRequest(`"${name}" comes from KAIROS_WRITE_KEYS: remove it there.`);
  return revoked === 'revoked' ? noContent() : notFound('write key');
});
