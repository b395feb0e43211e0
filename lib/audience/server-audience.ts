import 'server-only';
// A segment's members as the server sees them: the lake brought up to date
// (every event stored before the call compacted into it), the server's engine
// synced to the lake, then the segment evaluated as of now, with the intent
// tiers of the published model. Campaign sends and the console's "size on the
// server" both come through here.
import type { RfmCustomerRow, RfmOptions, RfmReport, SegmentOptions, SegmentStats } from '../contracts/analytics';
import type { IntentModel } from '../contracts/device-config';
import type { LakeManifest } from '../contracts/lake';
import type { SegmentTree } from '../contracts/segment';
import type { Database } from '../db/client';
import { readSetting, settingKeys } from '../db/settings';
import type { ArmOutcome, BreakdownOutcomes, Recipient, ResultsGoal } from '../contracts/campaign-results';
import type { IntentCutPoints } from '../contracts/profile';
import type { HoldoutOutcomeParams } from '../contracts/analytics/results';
import type { IdentityLink } from '../segments/person-key';
import type { AudienceEngine } from './audience-engine';
import type { BestTime } from '../delivery-policy/send-time';
import type { BestTimeParams } from './best-time-sql';

/** Where the server's engine reads events from. */
export interface LakeSource {
  /** The lake's folder (file paths in the manifest are relative to it). */
  readonly dir: string;
  /**
   * Compacts what is stored, so the lake holds every event stored before the call; then its manifest,
   * and the identity graph the events are resolved to people with (none: every device its own person).
   */
  upToDate(): Promise<Pick<LakeManifest, 'files'> & { links?: readonly IdentityLink[] }>;
}

export interface EvaluatedOn {
  /** The reference time of event windows and RFM recency (epoch ms). */
  asOf: number;
  /** Events the engine held. */
  events: number;
  /** How long bringing the lake and engine up to date and evaluating took. */
  ms: number;
}

export class ServerAudiences {
  constructor(
    private readonly engine: AudienceEngine,
    private readonly lake: LakeSource,
  ) {}

  private async upToDate(): Promise<number> {
    const manifest = await this.lake.upToDate();
    return (await this.engine.refresh(this.lake.dir, manifest.files, manifest.links ?? [])).rows;
  }

  async members(
    tree: SegmentTree,
    options: SegmentOptions & { asOf: number },
  ): Promise<EvaluatedOn & { members: string[] }> {
    const started = performance.now();
    const events = await this.upToDate();
    const members = await this.engine.segmentMembers({ ...options, tree });
    return { members, asOf: options.asOf, events, ms: Math.round(performance.now() - started) };
  }

  async stats(tree: SegmentTree, options: SegmentOptions & { asOf: number }): Promise<EvaluatedOn & SegmentStats> {
    const started = performance.now();
    const events = await this.upToDate();
    const stats = await this.engine.segmentStats({ ...options, tree });
    return { ...stats, asOf: options.asOf, events, ms: Math.round(performance.now() - started) };
  }

  /** A campaign's outcomes per arm, and its breakdowns, over every event stored before the call. */
  async armOutcomes(
    campaignId: number,
    recipients: readonly Recipient[],
    goal: ResultsGoal,
    on: { asOf: number; intent: IntentCutPoints },
  ): Promise<{ outcomes: ArmOutcome[]; breakdowns: BreakdownOutcomes; events: number }> {
    const events = await this.upToDate();
    const outcomes = await this.engine.armOutcomes(campaignId, recipients, goal, on.asOf);
    const breakdowns = await this.engine.armBreakdowns({
      campaignId,
      recipients: [...recipients],
      goal,
      asOf: on.asOf,
      rfmAsOf: Math.min(...recipients.map((r) => r.anchorAt)),
      intent: on.intent,
    });
    return { outcomes, breakdowns, events };
  }

  /** RFM of every customer (a person, docs/people.md) over every event stored before the call. */
  async rfm(options: RfmOptions = {}): Promise<{ report: RfmReport; customers: RfmCustomerRow[]; events: number }> {
    const events = await this.upToDate();
    return {
      report: await this.engine.rfmReport(options),
      customers: await this.engine.rfmCustomers(options),
      events,
    };
  }

  /** A moment rule's groups over every event stored before the call. */
  async momentOutcomes(params: { ruleId: number; goal: ResultsGoal; asOf: number }) {
    const events = await this.upToDate();
    return { ...(await this.engine.momentOutcomes(params)), events };
  }

  /** The global holdout against everyone else, over every event stored before the call. */
  async holdoutOutcomes(params: HoldoutOutcomeParams) {
    const events = await this.upToDate();
    return { ...(await this.engine.holdoutOutcomes(params)), events };
  }

  /**
   * Each visitor's best two-hour bucket over every event stored before the
   * call; `fresh: false` skips bringing the lake up to date (a send that just did).
   */
  async bestTimes(customers: readonly string[], params: BestTimeParams, fresh = true): Promise<Map<string, BestTime>> {
    if (fresh) await this.upToDate();
    return this.engine.bestTimes(customers, params);
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}

/**
 * What a send evaluates with: its own time, and the tiers of the intent model
 * devices were given (without one, the console's default cut points).
 */
export async function sendTimeOptions(db: Database, now: Date): Promise<SegmentOptions & { asOf: number }> {
  const model = await readSetting<IntentModel>(db, settingKeys.publishedIntentModel);
  return { asOf: now.getTime(), ...(model && { intent: model.cutPoints }) };
}
