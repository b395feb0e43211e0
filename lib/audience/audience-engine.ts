import 'server-only';
// Segments evaluated on the server: the lake's files in the dataset tables of
// the console's engine (lib/segments/dataset-schema.ts), in native DuckDB, and
// the console's own RFM and segment calls over them. Kept loaded between
// calls: a refresh loads only the files it lacks and drops the rows of files
// that left the manifest (rewritten after a forget), by their id range, which
// is also the rows' row_id. Refreshes and queries take turns on one connection.
import path from 'node:path';
import type { SegmentStats, SegmentTotals } from '../contracts/analytics';
import type { LakeFile } from '../contracts/lake';
import type { RfmCustomerRow, RfmOptions, RfmReport, SegmentParams } from '../contracts/analytics';
import { DatasetSession } from '../analytics/dataset-session';
import { rfmCalls } from '../analytics/rfm-calls';
import { segmentCalls } from '../analytics/segment-calls';
import { datasetTables, identityLinksSql } from '../segments/dataset-schema';
import { finalizeDatasetSql } from '../segments/visitor-rollups';
import type { IdentityLink } from '../segments/person-key';
import { sqlString } from '../segments/sql-literal';
import { deleteIdRangesSql, fileIdRange } from '../analytics/event-ingest';
import type { LedgerFile } from '../analytics/lake-ledger';
import { planLakeSync } from '../analytics/lake-plan';
import type { ArmOutcome, BreakdownOutcomes, Recipient, ResultsGoal } from '../contracts/campaign-results';
import type { CampaignBreakdownParams, HoldoutOutcomeParams } from '../contracts/analytics/results';
import { resultsCalls } from '../analytics/results-calls';
import { describeLakeSql, insertLakeRowsSql } from '../lake/lake-select';
import { NativeSql, type NativeSqlOptions } from './native-sql';
import type { BestTime } from '../delivery-policy/send-time';
import { bestTimeSql, bestTimeVisitorsSql, type BestTimeParams } from './best-time-sql';

export interface RefreshResult {
  loaded: number;
  dropped: number;
  rows: number;
}

export class AudienceEngine {
  private readonly calls;
  private readonly loaded = new Map<string, LedgerFile>();
  /** The identity graph last loaded, as JSON (an unchanged graph is not reloaded). */
  private graph = '[]';

  private constructor(
    private readonly sql: NativeSql,
    private readonly session: DatasetSession<NativeSql>,
  ) {
    this.calls = session.methods({ ...rfmCalls(session), ...segmentCalls(session), ...resultsCalls(session) });
  }

  static async open(options: NativeSqlOptions): Promise<AudienceEngine> {
    const sql = await NativeSql.open(options);
    return new AudienceEngine(sql, new DatasetSession(sql, () => sql.close()));
  }

  /**
   * Brings the tables to these files (of the lake at `lakeDir`) and identity
   * graph; the per-visitor tables are rebuilt if anything changed.
   */
  refresh(lakeDir: string, files: readonly LakeFile[], links: readonly IdentityLink[] = []): Promise<RefreshResult> {
    return this.session.inTurn(async () => {
      const graph = JSON.stringify(links);
      const graphChanged = graph !== this.graph;
      if (graphChanged) {
        await this.sql.exec(...identityLinksSql(links));
        this.graph = graph;
      }
      const plan = planLakeSync([...this.loaded.values()], files);
      for (const file of plan.drop) {
        await this.sql.exec(...deleteIdRangesSql([fileIdRange(file)]));
        this.loaded.delete(file.path);
      }
      if (plan.load.length > 0) {
        const list = `[${plan.load.map((file) => sqlString(path.join(lakeDir, file.path))).join(', ')}]`;
        const present = new Set((await this.sql.rows(describeLakeSql(list))).map((row) => String(row.column_name)));
        await this.sql.exec(...insertLakeRowsSql(list, present));
        for (const file of plan.load) this.loaded.set(file.path, file);
      }
      if (graphChanged || plan.drop.length > 0 || plan.load.length > 0) {
        await this.sql.exec(...finalizeDatasetSql);
        this.session.forgetFacts();
      }
      const rows = Number(await this.sql.scalar(`SELECT count(*) FROM ${datasetTables.events}`));
      return { loaded: plan.load.length, dropped: plan.drop.length, rows };
    });
  }

  /** RFM per customer (a person: docs/people.md) over the loaded events, as the console computes it. */
  rfmCustomers(params: RfmOptions): Promise<RfmCustomerRow[]> {
    return this.calls.rfmCustomers(params);
  }

  rfmReport(params: RfmOptions): Promise<RfmReport> {
    return this.calls.rfm(params);
  }

  segmentMembers(params: SegmentParams): Promise<string[]> {
    return this.calls.segmentMembers(params);
  }

  segmentStats(params: SegmentParams): Promise<SegmentStats> {
    return this.calls.segmentStats(params);
  }

  /** Segments side by side (lib/segments/segment-compare.ts). */
  segmentComparison(
    params: { trees: SegmentParams['tree'][] } & Omit<SegmentParams, 'tree'>,
  ): Promise<SegmentTotals[]> {
    return this.calls.segmentComparison(params);
  }

  /** A campaign's outcomes per arm over the loaded events (lib/segments/campaign-outcomes.ts). */
  armOutcomes(
    campaignId: number,
    recipients: readonly Recipient[],
    goal: ResultsGoal,
    asOf: number,
  ): Promise<ArmOutcome[]> {
    return this.calls.campaignOutcomes({ campaignId, recipients: [...recipients], goal, asOf });
  }

  /** The same outcomes by RFM segment at `rfmAsOf`, by intent tier at each send, and per day. */
  armBreakdowns(params: CampaignBreakdownParams): Promise<BreakdownOutcomes> {
    return this.calls.campaignBreakdowns(params);
  }

  /** A moment rule's fired and held-out groups (lib/segments/moment-outcomes.ts). */
  momentOutcomes(params: { ruleId: number; goal: ResultsGoal; asOf: number }) {
    return this.calls.momentOutcomes(params);
  }

  /** The global holdout against everyone else active in its period. */
  holdoutOutcomes(params: HoldoutOutcomeParams) {
    return this.calls.holdoutOutcomes(params);
  }

  /** Each visitor's most active two-hour bucket in their zone (lib/audience/best-time-sql.ts); absent: too little history. */
  bestTimes(customers: readonly string[], params: BestTimeParams): Promise<Map<string, BestTime>> {
    return this.session.inTurn(async () => {
      const found = new Map<string, BestTime>();
      for (const statement of bestTimeVisitorsSql(customers)) await this.sql.exec(statement);
      for (const row of await this.sql.rows(bestTimeSql(params))) {
        found.set(String(row.customer), { bucket: Number(row.bucket), timeZone: String(row.zone) });
      }
      return found;
    });
  }

  close(): Promise<void> {
    return this.session.close();
  }
}
