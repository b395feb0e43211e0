import { notFound, segmentId } from '@/app/_server/segment-route';
import { adminRoute } from '@/app/_server/session';
import { serverDatabase } from '@/lib/db';
import { setSegmentPublished } from '@/lib/db/segments';
import { json } from '@/lib/http/response';

type Context = { params: Promise<{ id: string }> };

function publishing(published: boolean) {
  return adminRoute<Context>(async (_request, { params }) => {
    const id = segmentId((await params).id);
    if (id instanceof Response) return id;
    const { db } = await serverDatabase();
    const segment = await setSegmentPublished(db, id, published);
    return segment ? json({ segment }) : notFound();
  });
}

/** Publishes the segment for devices (GET /api/device/config lists it). */
export const POST = publishing(true);
/** Withdraws it from devices. */
export const DELETE = publishing(false);
