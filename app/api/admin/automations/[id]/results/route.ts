import { automationOf } from '@/app/_server/automation-route';
import { serverCampaignResults } from '@/lib/audience/campaign-results';
import { serverAudiences } from '@/lib/audience/runtime';
import { automationItem } from '@/lib/db/automations';
import { adminRoute } from '@/lib/http/admin-route';
import { badRequest, json } from '@/lib/http/response';
import { resultsGoalOf } from '@/lib/http/results-query';
import { recordId } from '@/lib/http/route-param';

/** The automation's results: its campaign's (variants, control, conversions, lift), over every stored event. */
export const GET = adminRoute({ id: recordId('automation') }, async ({ db, id, request }) => {
  const automation = await automationOf(db, id);
  if (automation instanceof Response) return automation;
  const goal = resultsGoalOf(request.url);
  if (!goal.ok) return badRequest(goal.message);
  const results = await serverCampaignResults(db, await serverAudiences(), automation.campaignId, goal.goal);
  return json({ automation: await automationItem(db, automation.id), results });
});
