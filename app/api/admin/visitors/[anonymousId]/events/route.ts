import { adminRoute } from '@/app/_server/session';
import { serverDatabase } from '@/lib/db';
import { visitorEvents } from '@/lib/db/visitor-events';
import { json } from '@/lib/http/response';

type Context = { params: Promise<{ anonymousId: string }> };

/** A visitor's stored events, newest first (at most 5,000). */
export const GET = adminRoute<Context>(async (_request, { params }) => {
  const { anonymousId } = await params;
  const { db } = await serverDatabase();
  const rows = await visitorEvents(db, anonymousId.slice(0, 100));
  return json({ anonymousId, count: rows.length, events: rows });
});
