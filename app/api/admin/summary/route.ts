import { adminRoute } from '@/app/_server/session';
import { serverDatabase } from '@/lib/db';
import { datasetSummary } from '@/lib/db/stats';
import { json } from '@/lib/http/response';

/** The stored dataset's size: visitors, events and their time range. */
export const GET = adminRoute(async () => {
  const { db } = await serverDatabase();
  return json(await datasetSummary(db));
});
