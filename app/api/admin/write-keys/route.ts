import { allWriteKeys, createWriteKey } from '@/lib/auth/write-keys';
import { createWriteKeySchema } from '@/lib/contracts/write-key';
import { adminRoute } from '@/lib/http/admin-route';
import { errorResponse, json } from '@/lib/http/response';

/** Every write key, stored (active and revoked) and from KAIROS_WRITE_KEYS; never a key itself. */
export const GET = adminRoute(async ({ db }) => json({ writeKeys: await allWriteKeys(db) }));

/** A new key under a name: the answer carries the key, the one time it is shown. */
export const POST = adminRoute({ body: createWriteKeySchema }, async ({ db, body }) => {
  const created = await createWriteKey(db, body.name);
  if ('error' in created) return errorResponse(created.code, created.error);
  return json(created, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});
