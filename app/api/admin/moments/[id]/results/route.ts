import { serverAudiences } from '@/lib/audience/runtime';
import { findMomentRule } from '@/lib/db/moment-rules';
import { adminRoute } from '@/lib/http/admin-route';
import { badRequest, json, notFound } from '@/lib/http/response';
import { resultsGoalOf } from '@/lib/http/results-query';
import { recordId } from '@/lib/http/route-param';
import { momentResults } from '@/lib/results/moment-results';

/** The rule's results (lib/contracts/moment-results.ts), computed now over every stored event. */
export const GET = adminRoute({ id: recordId('moment rule') }, async ({ db, id, request }) => {
  if (!(await findMomentRule(db, id))) return notFound('moment rule');
  const goal = resultsGoalOf(request.url);
  if (!goal.ok) return badRequest(goal.message);
  const now = Date.now();
  const outcomes = await (await serverAudiences()).momentOutcomes({ ruleId: id, goal: goal.goal, asOf: now });
  return json({ results: momentResults(id, outcomes, goal.goal, now) });
});
