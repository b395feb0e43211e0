import { momentRuleStats } from '@/lib/db/moment-rules';
import { adminRoute } from '@/lib/http/admin-route';
import { json } from '@/lib/http/response';

/** Fires, clicks and click-through rate per rule, from the events devices synced. */
export const GET = adminRoute(async ({ db }) => json({ stats: await momentRuleStats(db) }));
