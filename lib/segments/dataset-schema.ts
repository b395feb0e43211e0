// The tables a loaded dataset lives in, inside DuckDB. Every source (the
// server's export, a marketer's file, a visitor's own events) lands in this
// shape, so the segment compiler and RFM read one schema.
// Properties and traits are stored long (one row per key) because DuckDB-WASM
// has no JSON functions without its downloadable extension.
import type { IdentityLink } from './person-key';
import { sqlInteger, sqlString } from './sql-literal';

/** Segment's e-commerce spec name of a purchase (the default; RFM can be asked for another). */
export const defaultPurchaseEventName = 'Order Completed';

export const datasetTables = {
  events: 'events',
  eventProps: 'event_props',
  eventTraits: 'event_traits',
  visitors: 'visitors',
  visitorTraits: 'visitor_traits',
  rfmScores: 'rfm_scores',
  /**
   * The purchases of the default purchase event, kept apart at load, keyed by
   * the visitor's customer_key: RFM then scans only purchases and groups by an
   * integer instead of a string (about half the time at 10M events).
   */
  purchases: 'purchases',
  /** A marketer's file, as read, before the column mapping. */
  file: 'data',
  /** The server's identity graph (lib/segments/person-key.ts): device, person, valid from. */
  identityLinks: 'identity_links',
  /** The device of each event re-keyed to its person, so a later resolution starts from the device again. */
  eventDevices: 'event_devices',
  /** What changed since the per-visitor tables were rebuilt (lib/analytics/stale-rows.ts). */
  staleRows: 'stale_rows',
  staleCustomers: 'stale_customers',
} as const;

/** A scalar in long form: exactly one of text, num, bool is set. */
const scalarColumns = 'key VARCHAR NOT NULL, text VARCHAR, num DOUBLE, bool BOOLEAN';

export const datasetDdl = [
  `CREATE OR REPLACE TABLE events (
    row_id BIGINT NOT NULL, customer VARCHAR NOT NULL, time TIMESTAMP NOT NULL, event VARCHAR NOT NULL,
    amount DOUBLE, order_id VARCHAR, device VARCHAR, browser VARCHAR, locale VARCHAR, timezone VARCHAR,
    country VARCHAR, region VARCHAR, city VARCHAR)`,
  `CREATE OR REPLACE TABLE event_props (row_id BIGINT NOT NULL, ${scalarColumns})`,
  `CREATE OR REPLACE TABLE event_traits (row_id BIGINT NOT NULL, ${scalarColumns})`,
  // customer_key is the visitor's own number, not its rowid: the incremental rebuild deletes and
  // inserts visitors, and DuckDB may renumber a table's rows when a checkpoint vacuums its deletes.
  `CREATE OR REPLACE TABLE visitors (customer_key BIGINT NOT NULL, customer VARCHAR NOT NULL, device VARCHAR,
    browser VARCHAR, locale VARCHAR, timezone VARCHAR, country VARCHAR, region VARCHAR, city VARCHAR,
    intent_score DOUBLE)`,
  `CREATE OR REPLACE TABLE visitor_traits (customer VARCHAR NOT NULL, ${scalarColumns})`,
  `CREATE OR REPLACE TABLE purchases (customer_key BIGINT NOT NULL, time TIMESTAMP NOT NULL, amount DOUBLE,
    order_id VARCHAR)`,
  'DROP VIEW IF EXISTS rfm_scores',
  `CREATE OR REPLACE TABLE rfm_values (customer_key BIGINT NOT NULL, recency_days INTEGER, frequency INTEGER,
    monetary_cents DOUBLE)`,
  `CREATE OR REPLACE VIEW rfm_scores AS SELECT '' AS customer, recency_days, frequency, monetary_cents,
    0 AS r, 0 AS f, 0 AS m, '' AS segment FROM rfm_values`,
  // A file or a visitor's own events link no devices: a new dataset starts with no graph.
  'DROP TABLE IF EXISTS identity_links',
  'DROP TABLE IF EXISTS event_devices',
  'CREATE OR REPLACE TABLE stale_rows (row_id BIGINT NOT NULL)',
  'CREATE OR REPLACE TABLE stale_customers (customer VARCHAR NOT NULL)',
] as const;

export const identityDdl = [
  'CREATE TABLE IF NOT EXISTS identity_links (anonymous_id VARCHAR NOT NULL, person VARCHAR NOT NULL, valid_from TIMESTAMP NOT NULL)',
  'CREATE TABLE IF NOT EXISTS event_devices (row_id BIGINT NOT NULL, anonymous_id VARCHAR NOT NULL)',
];

/** The identity graph as the engine's table, replacing what it held. */
export function identityLinksSql(links: readonly IdentityLink[]): string[] {
  const statements = [...identityDdl, 'DELETE FROM identity_links'];
  for (let start = 0; start < links.length; start += 1_000) {
    const rows = links
      .slice(start, start + 1_000)
      .map((l) => `(${sqlString(l.anonymousId)}, ${sqlString(l.userId)}, epoch_ms(${sqlInteger(l.validFrom)}))`);
    statements.push(`INSERT INTO identity_links VALUES ${rows.join(', ')}`);
  }
  return statements;
}

/**
 * 1 when a kept database's tables are this version's (the visitors' own key and
 * the tables of what changed since their rebuild); a database kept by an older
 * console, or a snapshot an older server wrote, is not, and is started again
 * from empty (its next lake sync loads everything).
 */
export const datasetCurrentSql = `SELECT CAST(count(*) = 2 AS INTEGER) FROM duckdb_columns()
  WHERE (table_name = 'visitors' AND column_name = 'customer_key') OR table_name = 'stale_customers'`;

/**
 * Purchase rows keyed by the visitor's customer_key; `events` is the events
 * table or a part of it with the same columns.
 */
export const purchaseRowsSql = (purchaseEvent: string, events = 'events') =>
  `SELECT v.customer_key, e.time, e.amount, e.order_id
    FROM ${events} e JOIN visitors v USING (customer) WHERE e.event = ${sqlString(purchaseEvent)}`;
