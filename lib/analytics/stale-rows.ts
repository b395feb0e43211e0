// What changed since the per-visitor tables were last rebuilt, marked in the
// same transaction as the change itself (so a sync that stops leaves its marks
// for the next one): rows loaded since (stale_rows: their people are not
// resolved yet), every row of a device whose identity links changed (also
// stale_rows: their person may differ now), and the customers of rows that
// were deleted (stale_customers: their rows are gone, so only the customer is
// left to name). The rebuild (lib/segments/visitor-rollups.ts) recomputes
// only the customers these lead to.
import { loadBatchTable } from './event-ingest';

/** The staged batch's rows (by their server ids), marked before they move into events. */
export const markLoadedRowsSql = `INSERT INTO stale_rows SELECT CAST(id AS BIGINT) FROM ${loadBatchTable}`;

/**
 * The rows `where` selects (a condition on events), about to be deleted: their
 * customers are marked, and their re-keying goes with them (a row loaded again
 * later under the same id is resolved afresh).
 */
export const markRemovedRowsSql = (where: string) => [
  `INSERT INTO stale_customers SELECT DISTINCT customer FROM events WHERE ${where}`,
  `DELETE FROM event_devices WHERE row_id IN (SELECT row_id FROM events WHERE ${where})`,
];

/** Before the identity graph is replaced: the graph as it was, to compare the new one with. */
export const holdLinksSql = 'CREATE OR REPLACE TEMP TABLE held_links AS SELECT * FROM identity_links';

/**
 * After: every row of a device whose links are not the same set as before is
 * marked, whether an earlier resolution re-keyed it (event_devices) or not
 * (its customer is still the device).
 */
export const markRelinkedRowsSql = [
  `CREATE OR REPLACE TEMP TABLE relinked AS SELECT DISTINCT anonymous_id FROM (
    (SELECT * FROM held_links EXCEPT SELECT * FROM identity_links)
    UNION ALL (SELECT * FROM identity_links EXCEPT SELECT * FROM held_links))`,
  'INSERT INTO stale_rows SELECT row_id FROM event_devices WHERE anonymous_id IN (SELECT anonymous_id FROM relinked)',
  'INSERT INTO stale_rows SELECT row_id FROM events WHERE customer IN (SELECT anonymous_id FROM relinked)',
  'DROP TABLE relinked',
  'DROP TABLE held_links',
];

/** Whether anything is marked (a sync that stopped before its rebuild leaves marks behind). */
export const anyStaleSql = `SELECT (SELECT count(*) FROM stale_rows) + (SELECT count(*) FROM stale_customers) > 0`;
