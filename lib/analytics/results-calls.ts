// Campaign outcomes over the loaded dataset: the recipients into a temporary
// table, the outcome SQL (lib/segments/campaign-outcomes.ts) over it, one row
// per arm (and per bucket or day for the breakdowns). Calls of the console's
// engine (DuckDB-WASM) and of the server's (native DuckDB), so both give the
// same numbers.
import type { ResultsCalls } from '../contracts/analytics';
import type { ArmOutcome, BucketOutcome, DayOutcome } from '../contracts/campaign-results';
import { inGlobalHoldout } from '../results/global-holdout';
import { momentOutcomesSql } from '../segments/moment-outcomes';
import {
  activeCustomersSql,
  campaignDaysSql,
  controlArm,
  holdoutOutcomesSql,
  campaignOutcomesSql,
  intentBucket,
  recipientsSql,
  recipientsTable,
  rfmBucket,
} from '../segments/campaign-outcomes';
import type { DatasetSession, QuerySql, SessionCalls } from './dataset-session';
import { scoreRfm } from './rfm-calls';
import { num } from './row-values';

function armOutcome(row: Record<string, unknown>): ArmOutcome {
  return {
    arm: num(row.arm),
    visitors: num(row.visitors),
    sent: num(row.sent),
    shown: num(row.shown),
    clicked: num(row.clicked),
    dismissed: num(row.dismissed),
    converted: num(row.converted),
    conversions: num(row.conversions),
    revenue: num(row.revenue),
    convertedSinceSend: num(row.converted_since_send),
    conversionsSinceSend: num(row.conversions_since_send),
    revenueSinceSend: num(row.revenue_since_send),
  };
}

const bucketOutcome = (row: Record<string, unknown>): BucketOutcome => ({
  ...armOutcome(row),
  bucket: String(row.bucket),
});

const dayOutcome = (row: Record<string, unknown>): DayOutcome => ({
  day: String(row.day),
  arm: num(row.arm),
  shown: num(row.shown),
  clicked: num(row.clicked),
  conversions: num(row.conversions),
  revenue: num(row.revenue),
});

export function resultsCalls(session: DatasetSession<QuerySql>): SessionCalls<keyof ResultsCalls> {
  const { sql } = session;

  /** The recipients table lives between the statements: a call holds the connection's turn throughout. */
  async function withRecipients<T>(recipients: Parameters<typeof recipientsSql>[0], run: () => Promise<T>): Promise<T> {
    await sql.exec(...recipientsSql(recipients));
    try {
      return await run();
    } finally {
      await sql.exec(`DROP TABLE IF EXISTS ${recipientsTable}`);
    }
  }

  return {
    campaignOutcomes({ campaignId, recipients, goal, asOf }, { signal }) {
      return withRecipients(recipients, async () =>
        (await sql.rows(campaignOutcomesSql(campaignId, goal, asOf), signal)).map(armOutcome),
      );
    },

    async campaignBreakdowns({ campaignId, recipients, goal, asOf, rfmAsOf, intent }, { signal }) {
      // Scored before the recipients go in: RFM as of the first send, the segments visitors were in then.
      await scoreRfm(session, { asOf: rfmAsOf }, signal);
      return withRecipients(recipients, async () => ({
        rfm: (await sql.rows(campaignOutcomesSql(campaignId, goal, asOf, rfmBucket), signal)).map(bucketOutcome),
        intent: (await sql.rows(campaignOutcomesSql(campaignId, goal, asOf, intentBucket(intent)), signal)).map(
          bucketOutcome,
        ),
        days: (await sql.rows(campaignDaysSql(campaignId, goal, asOf), signal)).map(dayOutcome),
      }));
    },

    async momentOutcomes({ ruleId, goal, asOf }, { signal }) {
      const rows = await sql.rows(momentOutcomesSql(ruleId, goal, asOf), signal);
      const group = (held: boolean) => {
        const row = rows.find((candidate) => candidate.held === held);
        return {
          visitors: num(row?.visitors),
          decisions: num(row?.decisions),
          clicked: num(row?.clicked),
          converted: num(row?.converted),
          revenue: num(row?.revenue),
        };
      };
      return { fired: group(false), heldOut: group(true) };
    },

    // The holdout's draw is a JS hash (the one devices use): the active customers come out, the held ones go back in.
    async holdoutOutcomes({ holdout, goal, from, to }, { signal }) {
      const active = await sql.rows(activeCustomersSql(from, to), signal);
      const held = active
        .map((row) => String(row.customer))
        .filter((customer) => inGlobalHoldout(holdout, customer, from))
        .map((customer) => ({ customer, arm: controlArm, anchorAt: from, sent: false }));
      return withRecipients(held, async () => {
        const rows = await sql.rows(holdoutOutcomesSql(goal, from, to), signal);
        const group = (isHeld: boolean) => {
          const row = rows.find((candidate) => candidate.held === isHeld);
          return { visitors: num(row?.visitors), converted: num(row?.converted), revenue: num(row?.revenue) };
        };
        return { heldOut: group(true), reached: group(false) };
      });
    },
  };
}
