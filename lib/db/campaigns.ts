import 'server-only';
import { and, desc, eq, inArray, isNotNull, notInArray, sql } from 'drizzle-orm';
import type {
  CampaignListItem,
  CampaignMessage,
  CampaignStatus,
  DeliveryCounts,
  StagedSend,
  StageState,
} from '../contracts/campaign';
import { type CampaignPolicy, noSkips, type SkipCounts } from '../contracts/delivery-policy';
import { stageCounts } from './campaign-stage';
import type { Database } from './client';
import { automations, campaignControls, campaigns, deliveries } from './schema';

export type CampaignRow = typeof campaigns.$inferSelect;

export interface CampaignInput {
  name: string;
  segmentId?: number | null;
  segmentDefinition?: unknown;
  message: CampaignMessage;
  variants?: CampaignMessage[];
  controlShare?: number;
  scheduledAt?: Date | null;
  ttlSeconds?: number;
  urgency?: CampaignRow['urgency'];
  topic?: string | null;
  stagedSend?: StagedSend | null;
  timeMode?: CampaignPolicy['timeMode'];
  localTime?: string | null;
  perMinute?: number | null;
  important?: boolean;
}

export const noCounts = (): DeliveryCounts => ({ queued: 0, sent: 0, failed: 0, expired: 0, skipped: 0 });

/** Deliveries per outcome for each campaign; 'sending' counts as queued (not final yet). */
export async function deliveryCounts(db: Database, ids: number[]): Promise<Map<number, DeliveryCounts>> {
  const counts = new Map<number, DeliveryCounts>(ids.map((id) => [id, noCounts()]));
  if (ids.length === 0) return counts;
  const rows = await db
    .select({ campaignId: deliveries.campaignId, status: deliveries.status, n: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(inArray(deliveries.campaignId, ids))
    .groupBy(deliveries.campaignId, deliveries.status);
  for (const row of rows) {
    const entry = counts.get(row.campaignId);
    if (!entry) continue;
    const key = row.status === 'sending' ? 'queued' : row.status;
    entry[key] += Number(row.n);
  }
  return counts;
}

type StageCounts = Pick<StageState, 'testVisitors' | 'restVisitors'>;

/** A stage still waiting shows its live counts; a decided one the counts it was decided with. */
const stageOf = (row: CampaignRow, live: StageCounts | undefined): StageState | null =>
  row.stage ? (row.stage.decidedAt || !live ? row.stage : { ...row.stage, ...live }) : null;
/**
 * Why each campaign's visitors were skipped: deliveries the policy left
 * unsent (capped, guard; quiet hours held or expired), its control group,
 * and the visitors the global holdout kept out of its sends.
 */
export async function skipCounts(db: Database, ids: number[]): Promise<Map<number, SkipCounts>> {
  const counts = new Map<number, SkipCounts>(ids.map((id) => [id, { ...noSkips() }]));
  if (ids.length === 0) return counts;
  const rows = await db
    .select({
      campaignId: deliveries.campaignId,
      status: deliveries.status,
      reason: deliveries.skipReason,
      n: sql<number>`count(*)::int`,
    })
    .from(deliveries)
    .where(and(inArray(deliveries.campaignId, ids), isNotNull(deliveries.skipReason)))
    .groupBy(deliveries.campaignId, deliveries.status, deliveries.skipReason);
  for (const row of rows) {
    const entry = counts.get(row.campaignId);
    if (!entry) continue;
    const n = Number(row.n);
    if (row.reason === 'capped') entry.capped += n;
    else if (row.reason === 'guard') entry.guard += n;
    else if (row.reason === 'quietHours') {
      if (row.status === 'expired') entry.quietExpired += n;
      else if (row.status === 'queued' || row.status === 'sending') entry.quietHeld += n;
    }
  }
  const controls = await db
    .select({ campaignId: campaignControls.campaignId, n: sql<number>`count(*)::int` })
    .from(campaignControls)
    .where(inArray(campaignControls.campaignId, ids))
    .groupBy(campaignControls.campaignId);
  for (const row of controls) {
    const entry = counts.get(row.campaignId);
    if (entry) entry.control = Number(row.n);
  }
  const held = await db
    .select({ id: campaigns.id, n: campaigns.holdoutSkips })
    .from(campaigns)
    .where(inArray(campaigns.id, ids));
  for (const row of held) {
    const entry = counts.get(row.id);
    if (entry) entry.globalHoldout = row.n;
  }
  return counts;
}

export function toListItem(
  row: CampaignRow,
  counts: DeliveryCounts = noCounts(),
  skips: SkipCounts = noSkips(),
  stage?: StageCounts,
): CampaignListItem {
  return {
    id: row.id,
    name: row.name,
    segmentId: row.segmentId,
    segmentDefinition: row.segmentDefinition ?? null,
    message: row.message as CampaignMessage,
    variants: row.variants as CampaignMessage[],
    controlShare: row.controlShare,
    status: row.status,
    scheduledAt: row.scheduledAt?.toISOString() ?? null,
    ttlSeconds: row.ttlSeconds,
    urgency: row.urgency,
    topic: row.topic,
    stagedSend: row.stagedSend ?? null,
    stage: stageOf(row, stage),
    timeMode: row.timeMode,
    localTime: row.localTime,
    perMinute: row.perMinute,
    important: row.important,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    counts,
    skips,
  };
}

/** Every campaign but those that hold an automation's message (the automations list shows those). */
export async function listCampaigns(db: Database): Promise<CampaignListItem[]> {
  const rows = await db
    .select()
    .from(campaigns)
    .where(notInArray(campaigns.id, db.select({ id: automations.campaignId }).from(automations)))
    .orderBy(desc(campaigns.createdAt), desc(campaigns.id));
  const ids = rows.map((row) => row.id);
  const counts = await deliveryCounts(db, ids);
  const skips = await skipCounts(db, ids);
  const stages = await stageCounts(
    db,
    rows.filter((row) => row.stage && !row.stage.decidedAt).map((row) => row.id),
  );
  return rows.map((row) => toListItem(row, counts.get(row.id), skips.get(row.id), stages.get(row.id)));
}

export async function findCampaign(db: Database, id: number): Promise<CampaignRow | undefined> {
  return (await db.select().from(campaigns).where(eq(campaigns.id, id)))[0];
}

/** Whether the campaign holds an automation's message: it is changed and sent through the automation. */
export async function isAutomationCampaign(db: Database, id: number): Promise<boolean> {
  return (await db.select({ id: automations.id }).from(automations).where(eq(automations.campaignId, id))).length > 0;
}

export async function campaignItem(db: Database, id: number): Promise<CampaignListItem | undefined> {
  const row = await findCampaign(db, id);
  if (!row) return undefined;
  const stage = row.stage && !row.stage.decidedAt ? (await stageCounts(db, [id])).get(id) : undefined;
  return toListItem(row, (await deliveryCounts(db, [id])).get(id), (await skipCounts(db, [id])).get(id), stage);
}

export async function createCampaign(db: Database, input: CampaignInput, now = new Date()): Promise<CampaignRow> {
  const [created] = await db
    .insert(campaigns)
    .values({ ...input, segmentDefinition: input.segmentDefinition ?? null, createdAt: now, updatedAt: now })
    .returning();
  if (!created) throw new Error('The campaign was not stored.');
  return created;
}

export async function updateCampaign(
  db: Database,
  id: number,
  change: Partial<CampaignInput>,
  now = new Date(),
): Promise<CampaignRow | undefined> {
  const before = change.scheduledAt !== undefined ? await findCampaign(db, id) : undefined;
  const [updated] = await db
    .update(campaigns)
    .set({ ...change, updatedAt: now })
    .where(eq(campaigns.id, id))
    .returning();
  if (updated && change.scheduledAt !== undefined) {
    // Deliveries already queued for a scheduled campaign move with its time; each by the same
    // amount, so the due times of a send at a local or best time keep their spread.
    const to = change.scheduledAt ?? now;
    const shiftMs = before?.scheduledAt ? to.getTime() - before.scheduledAt.getTime() : null;
    const moved = shiftMs === null ? to : sql`${deliveries.nextAttemptAt} + ${`${shiftMs} milliseconds`}::interval`;
    const due =
      shiftMs === null
        ? to
        : sql`coalesce(${deliveries.notBefore}, ${deliveries.nextAttemptAt}) + ${`${shiftMs} milliseconds`}::interval`;
    await db
      .update(deliveries)
      .set({ nextAttemptAt: moved, notBefore: due })
      .where(and(eq(deliveries.campaignId, id), eq(deliveries.status, 'queued')));
  }
  return updated;
}

export async function setCampaignStatus(db: Database, id: number, status: CampaignStatus): Promise<void> {
  await db.update(campaigns).set({ status, updatedAt: new Date() }).where(eq(campaigns.id, id));
}

/** Deletes the campaign and (cascade) its deliveries, sent or not. */
export async function deleteCampaign(db: Database, id: number): Promise<boolean> {
  return (await db.delete(campaigns).where(eq(campaigns.id, id)).returning({ id: campaigns.id })).length === 1;
}
