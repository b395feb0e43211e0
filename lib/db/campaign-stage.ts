import 'server-only';
// A staged send's rows: the rest of the audience waiting for the winner, and
// the decision's claim. The claim is a lease on `stage_decide_at` (moved a few
// minutes ahead while a process decides), so two processes never decide one
// campaign at once, and a process killed mid-decision leaves the campaign to be
// decided again when the lease runs out; queuing is idempotent per
// subscription, so a second decision never doubles a delivery.
import { and, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { StageState } from '../contracts/campaign';
import type { CampaignRow } from './campaigns';
import type { Database } from './client';
import { campaignStageRest, campaigns, deliveries, pushSubscriptions } from './schema';

const hourMs = 3_600_000;
/** How long a process has to decide before another may. */
export const stageLeaseMs = 10 * 60_000;

export interface StageRestTarget {
  subscriptionId: number;
  anonymousId: string;
}

/** Records the rest and, on the first chunk of the send, when the winner is picked. */
export async function holdForWinner(
  db: Database,
  campaign: CampaignRow,
  rest: readonly StageRestTarget[],
  sentAt: Date,
): Promise<void> {
  for (let start = 0; start < rest.length; start += 1_000) {
    const rows = rest.slice(start, start + 1_000).map((target) => ({ campaignId: campaign.id, ...target }));
    await db.insert(campaignStageRest).values(rows).onConflictDoNothing();
  }
  if (!campaign.stagedSend || campaign.stage) return;
  const decideAt = new Date(sentAt.getTime() + campaign.stagedSend.waitHours * hourMs);
  const stage: StageState = {
    startedAt: sentAt.toISOString(),
    decideAt: decideAt.toISOString(),
    testVisitors: 0,
    restVisitors: 0,
    decidedAt: null,
    winner: null,
    reason: null,
  };
  await db
    .update(campaigns)
    .set({ stage, stageDecideAt: decideAt })
    .where(and(eq(campaigns.id, campaign.id), sql`${campaigns.stage} is null`));
}

/** Staged campaigns whose decision is due, each claimed for this process for `stageLeaseMs`. */
export async function claimDueStages(db: Database, now: Date): Promise<CampaignRow[]> {
  return db
    .update(campaigns)
    .set({ stageDecideAt: new Date(now.getTime() + stageLeaseMs) })
    .where(and(isNotNull(campaigns.stageDecideAt), lte(campaigns.stageDecideAt, now)))
    .returning();
}

/** The rest whose subscriptions still exist (one removed by a 404/410 since the test share went out gets nothing). */
export async function stageRest(db: Database, campaignId: number): Promise<StageRestTarget[]> {
  return db
    .select({ subscriptionId: campaignStageRest.subscriptionId, anonymousId: campaignStageRest.anonymousId })
    .from(campaignStageRest)
    .innerJoin(pushSubscriptions, eq(pushSubscriptions.id, campaignStageRest.subscriptionId))
    .where(eq(campaignStageRest.campaignId, campaignId));
}

/** Ends the stage: the decision recorded, the rest's rows gone (they are deliveries now). */
export async function recordStageDecision(db: Database, campaignId: number, stage: StageState): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(campaignStageRest).where(eq(campaignStageRest.campaignId, campaignId));
    await tx
      .update(campaigns)
      .set({ stage, stageDecideAt: null, updatedAt: new Date() })
      .where(eq(campaigns.id, campaignId));
  });
}

/** Visitors of each staged campaign: sent in the test share, and waiting in the rest. */
export async function stageCounts(
  db: Database,
  ids: number[],
): Promise<Map<number, { testVisitors: number; restVisitors: number }>> {
  const counts = new Map(ids.map((id) => [id, { testVisitors: 0, restVisitors: 0 }]));
  if (ids.length === 0) return counts;
  const tests = await db
    .select({ id: deliveries.campaignId, n: sql<number>`count(distinct ${deliveries.anonymousId})::int` })
    .from(deliveries)
    .where(inArray(deliveries.campaignId, ids))
    .groupBy(deliveries.campaignId);
  const rests = await db
    .select({ id: campaignStageRest.campaignId, n: sql<number>`count(distinct ${campaignStageRest.anonymousId})::int` })
    .from(campaignStageRest)
    .where(inArray(campaignStageRest.campaignId, ids))
    .groupBy(campaignStageRest.campaignId);
  for (const row of tests) counts.get(row.id)!.testVisitors = Number(row.n);
  for (const row of rests) counts.get(row.id)!.restVisitors = Number(row.n);
  return counts;
}

/** The campaigns whose rest still waits for its winner: not finished, however their deliveries stand. */
export const awaitingWinner = (db: Database) => db.select({ id: campaignStageRest.campaignId }).from(campaignStageRest);
