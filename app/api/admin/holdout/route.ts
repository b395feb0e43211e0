import { serverHoldoutResults } from '@/lib/audience/holdout-results';
import { serverAudiences } from '@/lib/audience/runtime';
import { holdoutInputSchema } from '@/lib/contracts/global-holdout';
import { endGlobalHoldout, readGlobalHoldout, startGlobalHoldout } from '@/lib/db/global-holdout';
import { adminRoute } from '@/lib/http/admin-route';
import { badRequest, errorResponse, json } from '@/lib/http/response';
import { resultsGoalOf } from '@/lib/http/results-query';

/** The global holdout (running or last ended) and, with `?results=1`, its results so far (lib/contracts/global-holdout.ts). */
export const GET = adminRoute(async ({ db, request }) => {
  const holdout = await readGlobalHoldout(db);
  const wantResults = new URL(request.url).searchParams.get('results') === '1';
  if (!holdout || !wantResults) return json({ holdout, results: null });
  const goal = resultsGoalOf(request.url);
  if (!goal.ok) return badRequest(goal.message);
  return json({ holdout, results: await serverHoldoutResults(await serverAudiences(), holdout, goal.goal) });
});

/** Starts a holdout, or changes the running one's share and length. */
export const PUT = adminRoute({ body: holdoutInputSchema, maxBytes: 1024 }, async ({ db, body }) =>
  json({ holdout: await startGlobalHoldout(db, body) }),
);

/** Ends the running holdout now. */
export const DELETE = adminRoute(async ({ db }) => {
  const ended = await endGlobalHoldout(db);
  if (!ended) return errorResponse('not_found', 'No global holdout is running.');
  return json({ holdout: ended });
});
