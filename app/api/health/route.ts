import { json } from '@/lib/http/response';
import { publicRoute } from '@/lib/http/public-route';

/**
 * Liveness for load balancers and the test harness: the database answers (when
 * it does not, the route wrapper answers 503 and logs why).
 */
export const GET = publicRoute(async ({ storage }) =>
  // KAIROS_INSTANCE lets `npm run demo` know it reached the server it started, not another on the port.
  json({ ok: true, storage, instance: process.env.KAIROS_INSTANCE ?? null }),
);
