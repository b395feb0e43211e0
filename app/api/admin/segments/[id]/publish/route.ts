import { setSegmentPublished } from '@/lib/db/segments';
import { adminRoute } from '@/lib/http/admin-route';
import { json, notFound } from '@/lib/http/response';
import { recordId } from '@/lib/http/route-param';

const publishing = (published: boolean) =>
  adminRoute({ id: recordId('segment') }, async ({ db, id }) => {
    const segment = await setSegmentPublished(db, id, published);
    return segment ? json({ segment }) : notFound('segment');
  });

/** Publishes the segment for devices (GET /api/device/config lists it). */
export const POST = publishing(true);
/** Withdraws it from devices. */
export const DELETE = publishing(false);
