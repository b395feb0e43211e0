import { duplicateSegment } from '@/lib/db/segments';
import { adminRoute } from '@/lib/http/admin-route';
import { json, notFound } from '@/lib/http/response';
import { recordId } from '@/lib/http/route-param';

/** A copy named "… (copy)", version 1, with no size history yet. */
export const POST = adminRoute({ id: recordId('segment') }, async ({ db, id }) => {
  const copy = await duplicateSegment(db, id);
  return copy ? json({ segment: copy }, { status: 201 }) : notFound('segment');
});
