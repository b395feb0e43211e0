// The tables a loaded dataset lives in, inside DuckDB. Every source (the
// server's export, a marketer's file, a visitor's own events) lands in this
// shape, so the segment compiler and RFM read one schema.
// Properties and traits are stored long (one row per key) because DuckDB-WASM
// has no JSON functions without its downloadable extension.
import { intentScoreTrait } from '../contracts/profile';
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
   * the visitor's row number: RFM then scans only purchases and groups by an
   * integer instead of a string (about half the time at 10M events).
   */
  purchases: 'purchases',
  /** A marketer's file, as read, before the column mapping. */
  file: 'data',
  /** The server's identity graph (lib/segments/person-key.ts): device, person, valid from. */
  identityLinks: 'identity_links',
  /** The device of each event re-keyed to its person, so a later resolution starts from the device again. */
  eventDevices: 'event_devices',
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
  `CREATE OR REPLACE TABLE visitors (customer VARCHAR NOT NULL, device VARCHAR, browser VARCHAR,
    locale VARCHAR, timezone VARCHAR, country VARCHAR, region VARCHAR, city VARCHAR, intent_score DOUBLE)`,
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
 * Each event's customer becomes its person (docs/people.md#analytics-per-person),
 * by personAt's rule: the device's latest link at the event's time (an ASOF
 * join), else its first link, else the device itself. Resolved at load, not
 * written into the lake's files: a late sign-in re-keys a device's earlier
 * events, and the files stay as they are. Rows re-keyed by an earlier run go
 * back to their device first, so a changed graph is applied afresh.
 */
export const resolvePeopleSql = [
  ...identityDdl,
  `UPDATE events SET customer = d.anonymous_id FROM event_devices d WHERE events.row_id = d.row_id`,
  'DELETE FROM event_devices',
  `CREATE OR REPLACE TEMP TABLE person_rows AS
    WITH firsts AS (SELECT anonymous_id, arg_min(person, valid_from) AS person FROM identity_links GROUP BY anonymous_id),
    linked AS (SELECT row_id, customer, time FROM events WHERE customer IN (SELECT anonymous_id FROM identity_links))
    SELECT e.row_id, e.customer AS anonymous_id, coalesce(l.person, f.person) AS person
    FROM linked e
    ASOF LEFT JOIN identity_links l ON l.anonymous_id = e.customer AND e.time >= l.valid_from
    JOIN firsts f ON f.anonymous_id = e.customer
    WHERE coalesce(l.person, f.person) <> e.customer`,
  'INSERT INTO event_devices SELECT row_id, anonymous_id FROM person_rows',
  'UPDATE events SET customer = p.person FROM person_rows p WHERE events.row_id = p.row_id',
  'DROP TABLE person_rows',
] as const;

/**
 * 1 when a kept database's tables have this version's newest columns (the
 * place's, lib/contracts/geo.ts); a database kept by an older console has not,
 * and is started again from empty (its next lake sync loads everything).
 */
export const datasetCurrentSql = `SELECT count(*) FROM duckdb_columns() WHERE table_name = 'events'
  AND column_name = 'city'`;

/** Purchase rows keyed by the visitor's row number in the visitors table. */
export const purchaseRowsSql = (purchaseEvent: string) => `SELECT v.rowid AS customer_key, e.time, e.amount, e.order_id
    FROM events e JOIN visitors v USING (customer) WHERE e.event = ${sqlString(purchaseEvent)}`;

/**
 * Rebuilds the per-visitor tables after a load. "Latest" is by (time, row_id):
 * row_id is load order, the tie-break the JS profile builder uses too. The
 * place is the latest event's with a country, as one (a region of one event
 * never joins the country of another).
 */
export const finalizeDatasetSql = [
  ...resolvePeopleSql,
  `CREATE OR REPLACE TABLE visitors AS
    SELECT customer, device, browser, locale, timezone,
      place.country AS country, place.region AS region, place.city AS city,
      CAST(NULL AS DOUBLE) AS intent_score
    FROM (
      SELECT customer,
        arg_max(device, (time, row_id)) FILTER (WHERE device IS NOT NULL) AS device,
        arg_max(browser, (time, row_id)) FILTER (WHERE browser IS NOT NULL) AS browser,
        arg_max(locale, (time, row_id)) FILTER (WHERE locale IS NOT NULL) AS locale,
        arg_max(timezone, (time, row_id)) FILTER (WHERE timezone IS NOT NULL) AS timezone,
        arg_max({'country': country, 'region': region, 'city': city}, (time, row_id))
          FILTER (WHERE country IS NOT NULL) AS place
      FROM events GROUP BY customer)`,
  `CREATE OR REPLACE TABLE visitor_traits AS
    SELECT customer, key, latest.text AS text, latest.num AS num, latest.bool AS bool
    FROM (
      -- One struct per row, so the three columns come from the same (latest) row.
      SELECT e.customer, t.key, arg_max({'text': t.text, 'num': t.num, 'bool': t.bool}, (e.time, e.row_id)) AS latest
      FROM event_traits t JOIN events e USING (row_id)
      GROUP BY e.customer, t.key)`,
  `CREATE OR REPLACE TABLE purchases AS ${purchaseRowsSql(defaultPurchaseEventName)}`,
  `UPDATE visitors SET intent_score = vt.num FROM visitor_traits vt
    WHERE vt.customer = visitors.customer AND vt.key = ${sqlString(intentScoreTrait)} AND vt.num IS NOT NULL`,
] as const;
