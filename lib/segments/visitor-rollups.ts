// The per-visitor tables (visitors, visitor_traits, purchases), derived from
// the events after a load: either rebuilt from every row, or, after a sync
// that changed a few rows, recomputed for the customers those rows belong to
// (lib/analytics/stale-rows.ts marks them). Both run the same SELECTs, so an
// incremental rebuild leaves the same rows as a full one; only the visitors'
// customer_key numbers differ, and nothing compares them across rebuilds.
// "Latest" is by (time, row_id): row_id is load order, the tie-break the JS
// profile builder uses too. The place is the latest event's with a country, as
// one (a region of one event never joins the country of another).
import { intentScoreTrait } from '../contracts/profile';
import { defaultPurchaseEventName, purchaseRowsSql } from './dataset-schema';
import { resolveMarkedRowsSql, resolvePeopleSql } from './people-resolution';
import { sqlString } from './sql-literal';

const latest = (column: string) =>
  `arg_max(${column}, (time, row_id)) FILTER (WHERE ${column} IS NOT NULL) AS ${column}`;

/** One row per customer of `events` (events or a part with its columns), numbered from `keyBase` + 1. */
const visitorRowsSql = (events: string, keyBase: string) => `SELECT ${keyBase} + row_number() OVER () AS customer_key,
    customer, device, browser, locale, timezone,
    place.country AS country, place.region AS region, place.city AS city,
    CAST(NULL AS DOUBLE) AS intent_score
  FROM (
    SELECT customer, ${['device', 'browser', 'locale', 'timezone'].map(latest).join(', ')},
      arg_max({'country': country, 'region': region, 'city': city}, (time, row_id))
        FILTER (WHERE country IS NOT NULL) AS place
    FROM ${events} GROUP BY customer)`;

const visitorTraitRowsSql = (events: string) => `SELECT customer, key, latest.text AS text, latest.num AS num,
    latest.bool AS bool
  FROM (
    -- One struct per row, so the three columns come from the same (latest) row.
    SELECT e.customer, t.key, arg_max({'text': t.text, 'num': t.num, 'bool': t.bool}, (e.time, e.row_id)) AS latest
    FROM event_traits t JOIN ${events} e USING (row_id)
    GROUP BY e.customer, t.key)`;

const intentScoreSql = (alsoWhere = '') => `UPDATE visitors SET intent_score = vt.num FROM visitor_traits vt
  WHERE vt.customer = visitors.customer AND vt.key = ${sqlString(intentScoreTrait)} AND vt.num IS NOT NULL${alsoWhere}`;

const clearMarksSql = ['DELETE FROM stale_rows', 'DELETE FROM stale_customers'];

/** Every row's person resolved and every per-visitor table rebuilt: a first load, a reset, a large change. */
export const finalizeDatasetSql = [
  ...resolvePeopleSql,
  `CREATE OR REPLACE TABLE visitors AS ${visitorRowsSql('events', '0')}`,
  `CREATE OR REPLACE TABLE visitor_traits AS ${visitorTraitRowsSql('events')}`,
  `CREATE OR REPLACE TABLE purchases AS ${purchaseRowsSql(defaultPurchaseEventName)}`,
  intentScoreSql(),
  ...clearMarksSql,
];

/** The customers of the rows in resolve_rows, as they are now. */
const markCustomersSql = `INSERT INTO stale_customers
  SELECT DISTINCT customer FROM events WHERE row_id IN (SELECT row_id FROM resolve_rows)`;

const changed = 'customer IN (SELECT customer FROM changed_customers)';

/**
 * Only what the marks lead to: the marked rows' people resolved again, then
 * the per-visitor rows of every customer a marked row had before or has now,
 * or a deleted row had, replaced. New visitors are numbered after the highest
 * key so far, so no key is ever reused. Run in one transaction.
 */
export const refreshMarkedSql = [
  'CREATE OR REPLACE TEMP TABLE resolve_rows AS SELECT DISTINCT row_id FROM stale_rows',
  markCustomersSql,
  ...resolveMarkedRowsSql,
  markCustomersSql,
  'DROP TABLE resolve_rows',
  'CREATE OR REPLACE TEMP TABLE changed_customers AS SELECT DISTINCT customer FROM stale_customers',
  `CREATE OR REPLACE TEMP TABLE changed_events AS SELECT * FROM events WHERE ${changed}`,
  'CREATE OR REPLACE TEMP TABLE key_base AS SELECT coalesce(max(customer_key), 0) AS base FROM visitors',
  `DELETE FROM purchases WHERE customer_key IN (SELECT customer_key FROM visitors WHERE ${changed})`,
  `DELETE FROM visitors WHERE ${changed}`,
  `DELETE FROM visitor_traits WHERE ${changed}`,
  `INSERT INTO visitors ${visitorRowsSql('changed_events', '(SELECT base FROM key_base)')}`,
  `INSERT INTO visitor_traits ${visitorTraitRowsSql('changed_events')}`,
  `INSERT INTO purchases ${purchaseRowsSql(defaultPurchaseEventName, 'changed_events')}`,
  intentScoreSql(` AND visitors.${changed}`),
  'DROP TABLE changed_events',
  'DROP TABLE changed_customers',
  'DROP TABLE key_base',
  ...clearMarksSql,
];
