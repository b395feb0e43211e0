import { datasetSummary } from '@/lib/db/stats';
import { adminRoute } from '@/lib/http/admin-route';
import { json } from '@/lib/http/response';

/** The stored dataset's size: visitors, events and their time range. */
export const GET = adminRoute(async ({ db }) => json(await datasetSummary(db)));
