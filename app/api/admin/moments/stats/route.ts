import { adminRoute } from '@/app/_server/session';
import { serverDatabase } from '@/lib/db';
import { momentRuleStats } from '@/lib/db/moment-rules';
import { json } from '@/lib/http/response';

/** Fires, clicks and click-through rate per rule, from the events devices synced. */
export const GET = adminRoute(async () => {
  const { db } = await serverDatabase();
  return json({ stats: await momentRuleStats(db) });
});
