// Campaign outcomes over the loaded dataset: the recipients into a temporary
// table, the outcome SQL (lib/segments/campaign-outcomes.ts) over it, one row
// per arm. A call of the console's engine (DuckDB-WASM) and of the server's
// (native DuckDB), so both give the same numbers.
import type { ResultsCalls } from '../contracts/analytics';
import { campaignOutcomesSql, recipientsSql, recipientsTable } from '../segments/campaign-outcomes';
import type { DatasetSession, QuerySql, SessionCalls } from './dataset-session';
import { num } from './row-values';

export function resultsCalls(session: DatasetSession<QuerySql>): SessionCalls<keyof ResultsCalls> {
  const { sql } = session;
  return {
    // The recipients table lives between the statements: the call holds the connection's turn throughout.
    async campaignOutcomes({ campaignId, recipients, goal, asOf }, { signal }) {
      await sql.exec(...recipientsSql(recipients));
      try {
        const rows = await sql.rows(campaignOutcomesSql(campaignId, goal, asOf), signal);
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
    },
  };
}
