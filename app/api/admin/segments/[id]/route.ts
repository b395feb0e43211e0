import { checkedDefinition } from '@/app/_server/segment-route';
import { updateSegmentSchema } from '@/lib/contracts/saved-segment';
import { deleteSegment, findSegment, updateSegment } from '@/lib/db/segments';
import { adminRoute } from '@/lib/http/admin-route';
import { json, noContent, notFound } from '@/lib/http/response';
import { recordId } from '@/lib/http/route-param';

const id = recordId('segment');

export const GET = adminRoute({ id }, async ({ db, id }) => {
  const segment = await findSegment(db, id);
  return segment ? json({ segment }) : notFound('segment');
});

/** Rename, describe, redefine (bumps the version) or record a size: { name?, description?, definition?, size? }. */
export const PATCH = adminRoute({ id, body: updateSegmentSchema }, async ({ db, id, body }) => {
  const definition = checkedDefinition(body.definition);
  if (definition instanceof Response) return definition;
  const updated = await updateSegment(db, id, { ...body, ...(definition ? { definition } : {}) });
  return updated ? json({ segment: updated }) : notFound('segment');
});

export const DELETE = adminRoute({ id }, async ({ db, id }) =>
  (await deleteSegment(db, id)) ? noContent() : notFound('segment'),
);
