// Each event's customer becomes its person (docs/people.md#analytics-per-person),
// by personAt's rule: the device's latest link at the event's time (an ASOF
// join), else its first link, else the device itself. Resolved at load, not
// written into the lake's files: a late sign-in re-keys a device's earlier
// events, and the files stay as they are. Rows re-keyed by an earlier run go
// back to their device first (event_devices), so a changed graph is applied
// afresh. Either every row is resolved, or only the rows a sync marked
// (resolve_rows: lib/segments/visitor-rollups.ts).
import { identityDdl } from './dataset-schema';

/** The re-keyed rows among `rows` (a condition on events) as person_rows: row, device, person. */
const personRowsSql = (rows: string) => `CREATE OR REPLACE TEMP TABLE person_rows AS
    WITH firsts AS (SELECT anonymous_id, arg_min(person, valid_from) AS person FROM identity_links GROUP BY anonymous_id),
    linked AS (SELECT row_id, customer, time FROM events
      WHERE ${rows} AND customer IN (SELECT anonymous_id FROM identity_links))
    SELECT e.row_id, e.customer AS anonymous_id, coalesce(l.person, f.person) AS person
    FROM linked e
    ASOF LEFT JOIN identity_links l ON l.anonymous_id = e.customer AND e.time >= l.valid_from
    JOIN firsts f ON f.anonymous_id = e.customer
    WHERE coalesce(l.person, f.person) <> e.customer`;

const applyPersonRowsSql = [
  'INSERT INTO event_devices SELECT row_id, anonymous_id FROM person_rows',
  'UPDATE events SET customer = p.person FROM person_rows p WHERE events.row_id = p.row_id',
  'DROP TABLE person_rows',
];

/** Every row resolved again. */
export const resolvePeopleSql = [
  ...identityDdl,
  'UPDATE events SET customer = d.anonymous_id FROM event_devices d WHERE events.row_id = d.row_id',
  'DELETE FROM event_devices',
  personRowsSql('TRUE'),
  ...applyPersonRowsSql,
];

const marked = 'row_id IN (SELECT row_id FROM resolve_rows)';

/** Only the rows in resolve_rows resolved again; every other row keeps its person. */
export const resolveMarkedRowsSql = [
  ...identityDdl,
  `UPDATE events SET customer = d.anonymous_id FROM event_devices d WHERE events.row_id = d.row_id AND d.${marked}`,
  `DELETE FROM event_devices WHERE ${marked}`,
  personRowsSql(marked),
  ...applyPersonRowsSql,
];
