// Behavioural features per customer up to a cutoff, and the goal label after
// it, in DuckDB SQL over the engine's events table (goal-based score).
// Everything before the cutoff is a feature; only the window
// [cutoff, cutoff + horizon) decides the label, so no label leaks into features.
import { datasetTables, defaultPurchaseEventName } from '../segments/dataset-schema';
import { sqlInteger, sqlString } from '../segments/sql-literal';

const dayMs = 86_400_000;
export const featureWindowsDays = [7, 30, 90] as const;
/** Event names with features: the most frequent ones (a long tail of names adds noise, not signal). */
export const maxFeatureEvents = 20;

export const featureEventNamesSql = `SELECT event, count(*) AS n FROM ${datasetTables.events}
  GROUP BY event ORDER BY n DESC, event LIMIT ${maxFeatureEvents}`;

/** Feature names in column order (after `customer` and `label`). */
export function featureNames(eventNames: readonly string[]): string[] {
  return [
    ...eventNames.flatMap((name) => featureWindowsDays.map((days) => `${name} (${days} d)`)),
    'recency (days)',
    'purchases (F)',
    'revenue (M)',
    'page views',
  ];
}

/**
 * One row per customer with an event before the cutoff: customer, label
 * (the goal event in [cutoff, cutoff + horizon)), then the features of
 * featureNames() as f0, f1, ...
 */
export function goalFeaturesSql(eventNames: readonly string[], cutoff: number, horizonDays: number, goalEvent: string) {
  const at = (ms: number) => `epoch_ms(${sqlInteger(ms)})`;
  const counts = eventNames.flatMap((name) =>
    featureWindowsDays.map(
      (days) => `count(*) FILTER (WHERE event = ${sqlString(name)} AND time >= ${at(cutoff - days * dayMs)})`,
    ),
  );
  const purchase = sqlString(defaultPurchaseEventName);
  const features = [
    ...counts,
    `date_diff('second', max(time), ${at(cutoff)}) / 86400.0`,
    `count(*) FILTER (WHERE event = ${purchase})`,
    `coalesce(sum(amount) FILTER (WHERE event = ${purchase}), 0)`,
    `count(*) FILTER (WHERE event = 'page')`,
  ];
  return `WITH history AS (
      SELECT customer, ${features.map((sql, i) => `CAST(${sql} AS DOUBLE) AS f${i}`).join(',\n        ')}
      FROM ${datasetTables.events} WHERE time < ${at(cutoff)} GROUP BY customer
    ), reached AS (
      SELECT DISTINCT customer FROM ${datasetTables.events}
      WHERE event = ${sqlString(goalEvent)} AND time >= ${at(cutoff)} AND time < ${at(cutoff + horizonDays * dayMs)}
    )
    SELECT h.*, r.customer IS NOT NULL AS label
    FROM history h LEFT JOIN reached r USING (customer) ORDER BY h.customer`;
}

/** Counts and money are heavy-tailed: log1p makes a few heavy users count less against the rest. */
export function featureRow(row: Record<string, unknown>, width: number): number[] {
  return Array.from({ length: width }, (_, i) => {
    const value = Number(row[`f${i}`] ?? 0);
    return Math.log1p(Math.max(0, Number.isFinite(value) ? value : 0));
  });
}
