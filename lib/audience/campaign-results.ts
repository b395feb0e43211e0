import 'server-only';
// A campaign's results on the server: its recipients from the database, its
// events from the lake through the server's engine, the figures assembled by
// the same code the console would use.
import type { CampaignResults, ResultsGoal } from '../contracts/campaign-results';
import type { Database } from '../db/client';
import { campaignRecipients } from '../db/campaign-recipients';
import { campaignResults } from '../results/campaign-results';
import { defaultIntentCutPoints } from '../analytics/segment-calls';
import { type ServerAudiences, sendTimeOptions } from './server-audience';

export async function serverCampaignResults(
  db: Database,
  audiences: ServerAudiences,
  campaignId: number,
  goal: ResultsGoal,
  now = Date.now(),
): Promise<CampaignResults> {
  const recipients = await campaignRecipients(db, campaignId);
  if (recipients.length === 0) return campaignResults(campaignId, [], goal, { computedAt: now, events: 0 });
  const { intent } = await sendTimeOptions(db, new Date(now));
  const { outcomes, breakdowns, events } = await audiences.armOutcomes(campaignId, recipients, goal, {
    asOf: now,
    intent: intent ?? defaultIntentCutPoints,
  });
  return campaignResults(campaignId, outcomes, goal, { computedAt: now, events }, breakdowns);
}
