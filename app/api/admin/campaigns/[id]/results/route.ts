import { campaignOf } from '@/app/_server/campaign-route';
import { serverCampaignResults } from '@/lib/audience/campaign-results';
import { serverAudiences } from '@/lib/audience/runtime';
import { campaignItem } from '@/lib/db/campaigns';
import { adminRoute } from '@/lib/http/admin-route';
import { badRequest, json } from '@/lib/http/response';
import { resultsGoalOf } from '@/lib/http/results-query';
import { recordId } from '@/lib/http/route-param';

/** The campaign's results (lib/contracts/campaign-results.ts), computed now over every stored event. */
export const GET = adminRoute({ id: recordId('campaign') }, async ({ db, id, request }) => {
  const campaign = await campaignOf(db, id);
  if (campaign instanceof Response) return campaign;
  const goal = resultsGoalOf(request.url);
  if (!goal.ok) return badRequest(goal.message);
  const results = await serverCampaignResults(db, await serverAudiences(), campaign.id, goal.goal);
  // A staged send's state (its winner and why, once picked) beside the figures.
  return json({ results, stage: (await campaignItem(db, campaign.id))?.stage ?? null });
});
