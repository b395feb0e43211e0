import 'server-only';
// A staged send's second step: when its wait is over, the test share's
// results (computed like any campaign's, over the lake and the open day: before
// the decision only the test share has deliveries) pick the winner
// (lib/results/stage-winner.ts), and the rest is queued in that variant.
import { resultsGoalSchema } from '../contracts/campaign-results';
import type { StageState } from '../contracts/campaign';
import type { CampaignRow } from '../db/campaigns';
import { setCampaignStatus } from '../db/campaigns';
import { claimDueStages, recordStageDecision, stageCounts, stageRest } from '../db/campaign-stage';
import type { Database } from '../db/client';
import { finishCampaigns, queueDeliveries } from '../db/deliveries';
import { pickStageWinner } from '../results/stage-winner';
import { serverCampaignResults } from './campaign-results';
import type { ServerAudiences } from './server-audience';

export interface StageDecision {
  campaignId: number;
  winner: number;
  queued: number;
  reason: string;
}

/** The default goal (Order Completed within 7 days of a click): the conversion metric's goal. */
const stageGoal = resultsGoalSchema.parse({});

async function decide(db: Database, audiences: ServerAudiences, campaign: CampaignRow, now: Date) {
  const results = await serverCampaignResults(db, audiences, campaign.id, stageGoal, now.getTime());
  const arms = results.arms.flatMap((arm) =>
    arm.variant === null
      ? []
      : [
          {
            variant: arm.variant,
            visitors: arm.visitors,
            shown: arm.shown,
            clicked: arm.clicked,
            converted: arm.converted,
          },
        ],
  );
  const choice = pickStageWinner(arms, campaign.stagedSend?.metric ?? 'clickThrough');
  const counts = (await stageCounts(db, [campaign.id])).get(campaign.id)!;
  const rest = await stageRest(db, campaign.id);
  const queued = await queueDeliveries(
    db,
    campaign.id,
    rest.map((target) => ({ ...target, variant: choice.winner })),
    now,
  );
  const stage: StageState = {
    startedAt: campaign.stage?.startedAt ?? now.toISOString(),
    decideAt: campaign.stage?.decideAt ?? now.toISOString(),
    ...counts,
    decidedAt: now.toISOString(),
    winner: choice.winner,
    reason: choice.reason,
  };
  await recordStageDecision(db, campaign.id, stage);
  // Nothing left to send (every waiting subscription expired meanwhile): the test share's outcome is the campaign's.
  if (queued > 0) await setCampaignStatus(db, campaign.id, 'sending');
  else await finishCampaigns(db, [campaign.id]);
  return { campaignId: campaign.id, winner: choice.winner, queued, reason: choice.reason };
}

/**
 * Decides every staged send whose wait is over (the engine is opened only
 * when one is). A campaign that fails to decide keeps its claim's lease and is
 * tried again when it runs out.
 */
export async function decideDueStages(
  db: Database,
  audiences: () => Promise<ServerAudiences>,
  now = new Date(),
): Promise<StageDecision[]> {
  const due = await claimDueStages(db, now);
  const decided: StageDecision[] = [];
  for (const campaign of due) decided.push(await decide(db, await audiences(), campaign, now));
  return decided;
}
