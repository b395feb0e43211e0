import { notFound, segmentId } from '@/app/_server/segment-route';
import { adminRoute } from '@/app/_server/session';
import { serverDatabase } from '@/lib/db';
import { duplicateSegment } from '@/lib/db/segments';
import { json } from '@/lib/http/response';

type Context = { params: Promise<{ id: string }> };

/** A copy named "… (copy)", version 1, with no size history yet. */
export const POST = adminRoute<Context>(async (_request, { params }) => {
  const id = segmentId((await params).id);
  if (id instanceof Response) return id;
  const { db } = await serverDatabase();
  const copy = await duplicateSegment(db, id);
  return copy ? json({ segment: copy }, { status: 201 }) : notFound();
});
