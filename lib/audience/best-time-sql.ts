// Best time per visitor, in the server's DuckDB over the events it holds (the
// lake, brought up to date before a send): the two-hour bucket of the local
// day (0 = 00:00-02:00 … 11 = 22:00-24:00, CleverTap's twelve) in which the
// visitor did most over the last N weeks, read in their latest time zone.
// A visitor with fewer than `minEvents` events then has no best time and
// gets the campaign's time (docs/delivery-policy.md#best-time).
import { momentEventNames, notificationEventNames } from '../contracts/event-names';
import { sqlString } from '../segments/sql-literal';

export interface BestTimeParams {
  asOf: number;
  weeks: number;
  minEvents: number;
  /** Already checked to be a zone Intl knows. */
  fallbackTimeZone: string;
}

const visitorsTable = 'best_time_visitors';

/** The visitors asked about, as a temporary table (a thousand per insert). */
export function bestTimeVisitorsSql(customers: readonly string[]): string[] {
  const statements = [`CREATE OR REPLACE TEMP TABLE ${visitorsTable} (customer VARCHAR)`];
  const unique = [...new Set(customers)];
  for (let start = 0; start < unique.length; start += 1_000) {
    const values = unique
      .slice(start, start + 1_000)
      .map((customer) => `(${sqlString(customer)})`)
      .join(', ');
    statements.push(`INSERT INTO ${visitorsTable} VALUES ${values}`);
  }
  return statements;
}

/** Events the device records on its own (a notification arriving, a moment deciding) are not the visitor being active. */
const notActivity = [notificationEventNames.shown, momentEventNames.fired, momentEventNames.heldOut];

export function bestTimeSql({ asOf, weeks, minEvents, fallbackTimeZone }: BestTimeParams): string {
  const since = asOf - weeks * 7 * 86_400_000;
  return `WITH zones AS (
      SELECT b.customer,
        -- A zone the time zone database does not know (context is the visitor's own text) reads as the fallback.
        CASE WHEN v.timezone IN (SELECT name FROM pg_timezone_names()) THEN v.timezone
          ELSE ${sqlString(fallbackTimeZone)} END AS zone
      FROM ${visitorsTable} b LEFT JOIN visitors v USING (customer)
    ), buckets AS (
      SELECT e.customer, z.zone,
        CAST(floor(hour(timezone(z.zone, timezone('UTC', e.time))) / 2) AS INTEGER) AS bucket,
        count(*) AS n
      FROM events e JOIN zones z USING (customer)
      WHERE e.time >= epoch_ms(${Math.trunc(since)}) AND e.time < epoch_ms(${Math.trunc(asOf)})
        AND e.event NOT IN (${notActivity.map(sqlString).join(', ')})
      GROUP BY ALL
    )
    SELECT customer, any_value(zone) AS zone, arg_max(bucket, n * 100 - bucket) AS bucket, sum(n) AS events
    FROM buckets GROUP BY customer HAVING sum(n) >= ${Math.trunc(minEvents)}`;
}
