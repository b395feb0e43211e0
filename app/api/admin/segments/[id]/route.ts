import { checkedDefinition, notFound, segmentId } from '@/app/_server/segment-route';
import { adminRoute } from '@/app/_server/session';
import { updateSegmentSchema } from '@/lib/contracts/saved-segment';
import { serverDatabase } from '@/lib/db';
import { deleteSegment, findSegment, updateSegment } from '@/lib/db/segments';
import { parseJsonBody } from '@/lib/http/json-body';
import { json } from '@/lib/http/response';

type Context = { params: Promise<{ id: string }> };

export const GET = adminRoute<Context>(async (_request, { params }) => {
  const id = segmentId((await params).id);
  if (id instanceof Response) return id;
  const { db } = await serverDatabase();
  const segment = await findSegment(db, id);
  return segment ? json({ segment }) : notFound();
});

/** Rename, describe, redefine (bumps the version) or record a size: { name?, description?, definition?, size? }. */
export const PATCH = adminRoute<Context>(async (request, { params }) => {
  const id = segmentId((await params).id);
  if (id instanceof Response) return id;
  const body = await parseJsonBody(request, updateSegmentSchema);
  if (!body.ok) return body.response;
  const definition = checkedDefinition(body.data.definition);
  if (definition instanceof Response) return definition;
  const { db } = await serverDatabase();
  const updated = await updateSegment(db, id, { ...body.data, ...(definition ? { definition } : {}) });
  return updated ? json({ segment: updated }) : notFound();
});

export const DELETE = adminRoute<Context>(async (_request, { params }) => {
  const id = segmentId((await params).id);
  if (id instanceof Response) return id;
  const { db } = await serverDatabase();
  return (await deleteSegment(db, id)) ? new Response(null, { status: 204 }) : notFound();
});
