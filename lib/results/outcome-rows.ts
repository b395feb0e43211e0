// Runs the campaign outcome SQL on an engine connection (the server's native
// DuckDB or the console's DuckDB-WASM): the recipients in, one row per arm out.
import type { QuerySql } from '../analytics/dataset-session';
import { num } from '../analytics/row-values';
import type { ResultsGoal } from '../contracts/campaign-results';
import { campaignOutcomesSql, type Recipient, recipientsSql, recipientsTable } from '../segments/campaign-outcomes';

export interface ArmOutcome {
  arm: number;
  visitors: number;
  sent: number;
  shown: number;
  clicked: number;
  dismissed: number;
  converted: number;
  conversions: number;
  revenue: number;
  convertedSinceSend: number;
  conversionsSinceSend: number;
  revenueSinceSend: number;
}

/** The caller holds the connection's turn (the recipients table lives between the statements). */
export async function readArmOutcomes(
  sql: QuerySql,
  campaignId: number,
  recipients: readonly Recipient[],
  goal: ResultsGoal,
  asOf: number,
): Promise<ArmOutcome[]> {
  await sql.exec(...recipientsSql(recipients));
  try {
    const rows = await sql.rows(campaignOutcomesSql(campaignId, goal, asOf));
    return rows.map((row) => ({
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
    }));
  } finally {
    await sql.exec(`DROP TABLE IF EXISTS ${recipientsTable}`);
  }
}
