import 'server-only';
// Sending a campaign to its segment, with the members computed on the server
// when it is sent: now, or, for a scheduled campaign, when its time comes
// (visitors who joined the segment after it was scheduled get it; those who
// left do not). Queuing is idempotent per subscription, so a send interrupted
// after some chunks and run again queues each subscriber once.
import { and, eq, isNull, lte } from 'drizzle-orm';
import { campaignLimits } from '../contracts/campaign';
import { parseSegmentTree, type SegmentTree } from '../contracts/segment';
import type { CampaignRow } from '../db/campaigns';
import type { Database } from '../db/client';
import { campaigns } from '../db/schema';
import { findSegment } from '../db/segments';
import { queueCampaign } from '../push/campaign-send';
import { sendTimeOptions, type EvaluatedOn, type ServerAudiences } from './server-audience';

export type SegmentSendResult =
  | { ok: true; scheduled: true }
  | {
      ok: true;
      scheduled: false;
      members: number;
      queued: number;
      subscribedVisitors: number;
      control: number;
      globalHoldout: number;
      awaitingWinner: number;
      evaluatedOn: EvaluatedOn;
    }
  | { ok: false; code: 'no_segment' | 'payload_too_large'; message: string };

/** The tree the campaign was written for; else its saved segment's current one. */
async function campaignTree(db: Database, campaign: CampaignRow): Promise<SegmentTree | undefined> {
  if (campaign.segmentDefinition) return parseSegmentTree(campaign.segmentDefinition);
  const saved = campaign.segmentId === null ? undefined : await findSegment(db, campaign.segmentId);
  return saved && parseSegmentTree(saved.definition);
}

export async function sendToSegment(
  db: Database,
  audiences: ServerAudiences,
  campaign: CampaignRow,
  now = new Date(),
): Promise<SegmentSendResult> {
  const tree = await campaignTree(db, campaign);
  if (!tree) return { ok: false, code: 'no_segment', message: 'The campaign has no segment to compute members from.' };
  if (campaign.scheduledAt && campaign.scheduledAt > now) {
    await db
      .update(campaigns)
      .set({ audience: 'segment', audienceComputedAt: null, audienceSize: null, status: 'scheduled', updatedAt: now })
      .where(eq(campaigns.id, campaign.id));
    return { ok: true, scheduled: true };
  }
  const audience = await audiences.members(tree, await sendTimeOptions(db, now));
  let queued = 0;
  let subscribedVisitors = 0;
  let control = 0;
  let globalHoldout = 0;
  let awaitingWinner = 0;
  for (let start = 0; start < audience.members.length; start += campaignLimits.maxSendBatch) {
    const chunk = audience.members.slice(start, start + campaignLimits.maxSendBatch);
    // The lake was brought up to date for the members just now: best times read the same events.
    const result = await queueCampaign(db, campaign, chunk, now, {
      bestTimes: (customers, params) => audiences.bestTimes(customers, params, false),
    });
    if (!result.ok) return result;
    queued += result.queued;
    subscribedVisitors += result.subscribedVisitors;
    control += result.control;
    globalHoldout += result.globalHoldout;
    awaitingWinner += result.awaitingWinner;
  }
  await db
    .update(campaigns)
    .set({ audience: 'segment', audienceComputedAt: now, audienceSize: audience.members.length, updatedAt: now })
    .where(eq(campaigns.id, campaign.id));
  const evaluatedOn = { asOf: audience.asOf, events: audience.events, ms: audience.ms };
  return {
    ok: true,
    scheduled: false,
    members: audience.members.length,
    queued,
    subscribedVisitors,
    control,
    globalHoldout,
    awaitingWinner,
    evaluatedOn,
  };
}

/**
 * Sends every scheduled segment campaign whose time has come (the engine is
 * opened only when one has). One that reaches
 * no subscriber is marked sent: its audience was computed, there is nothing to
 * deliver, and it must not be computed again every round.
 */
export async function sendDueSegmentCampaigns(
  db: Database,
  audiences: () => Promise<ServerAudiences>,
  now = new Date(),
): Promise<SegmentSendResult[]> {
  const due = await db
    .select()
    .from(campaigns)
    .where(
      and(
        eq(campaigns.audience, 'segment'),
        eq(campaigns.status, 'scheduled'),
        isNull(campaigns.audienceComputedAt),
        lte(campaigns.scheduledAt, now),
      ),
    );
  const results: SegmentSendResult[] = [];
  for (const campaign of due) {
    const result = await sendToSegment(db, await audiences(), campaign, now);
    if (result.ok && !result.scheduled && result.queued === 0 && result.awaitingWinner === 0) {
      await db.update(campaigns).set({ status: 'sent', updatedAt: now }).where(eq(campaigns.id, campaign.id));
    }
    results.push(result);
  }
  return results;
}
