import type { GettingStartedAnswer } from '@/lib/contracts/getting-started';
import { gettingStartedProgress } from '@/lib/db/getting-started';
import { adminRoute } from '@/lib/http/admin-route';
import { json } from '@/lib/http/response';

/** The demo's getting-started steps the server has seen happen (null when the demo did not set it up). */
export const GET = adminRoute(async ({ db }) =>
  json({ progress: await gettingStartedProgress(db) } satisfies GettingStartedAnswer),
);
