import { contextGeo } from '@/lib/contracts/geo';
import { cutText } from '@/lib/contracts/text';
import { visitorEvents } from '@/lib/db/visitor-events';
import { adminRoute } from '@/lib/http/admin-route';
import { json } from '@/lib/http/response';
import { pathText } from '@/lib/http/route-param';

/**
 * A visitor's stored events, newest first (at most 5,000), and their last
 * known place: the newest event's context.geo (docs/geography.md), or null.
 */
export const GET = adminRoute({ id: pathText('anonymousId') }, async ({ db, id: anonymousId }) => {
  const rows = await visitorEvents(db, cutText(anonymousId, 100));
  const place = rows.map((row) => contextGeo(row.context as { geo?: unknown })).find(Boolean) ?? null;
  return json({ anonymousId, count: rows.length, place, events: rows });
});
