import { allLinks } from '@/lib/db/identity-links';
import { adminRoute } from '@/lib/http/admin-route';
import { json } from '@/lib/http/response';

/**
 * The identity graph for the console's engine (docs/people.md#analytics-per-person): every
 * link, which the engine applies to the lake's events when it loads them. Never cached.
 */
export const GET = adminRoute(async ({ db }) =>
  json({ links: await allLinks(db) }, { headers: { 'Cache-Control': 'no-store' } }),
);
