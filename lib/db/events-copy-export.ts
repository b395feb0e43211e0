import 'server-only';
import type { Pool } from 'pg';
import type { Table } from 'apache-arrow';
import { factsToTable } from '../analytics/event-arrow';
import type { KairosEvent } from '../contracts/event';
import { eventFacts, type EventFacts } from '../segments/event-facts';
import type { Database } from './client';
import { copyOutRows } from './copy-out';
import { yieldToRequests } from './event-loop';
import { exportPageRows, exportReadRows } from './events-export';

// The event export on PostgreSQL: one COPY of only what the facts read (the
// context's four fields and its geo, not its page object), in id order, in
// batches of the same size as the keyset export's. Embedded PGlite keeps the keyset export:
// it has no wire protocol to stream from.
const factColumns = `select id, anonymous_id, (extract(epoch from timestamp) * 1000)::bigint, type, event,
  properties, traits, context #>> '{device,type}', context ->> 'userAgent', context ->> 'locale',
  context ->> 'timezone', context -> 'geo' from events`;

/** A COPY row as the part of the event that eventFacts reads. */
function factsOf(fields: (string | null)[]): EventFacts {
  const [, anonymousId, ms, type, name, properties, traits, device, userAgent, locale, timezone, geo] = fields;
  const event = {
    messageId: '',
    type: type as KairosEvent['type'],
    ...(name !== null && name !== undefined && { event: name }),
    anonymousId: anonymousId ?? '',
    properties: JSON.parse(properties ?? '{}') as KairosEvent['properties'],
    traits: JSON.parse(traits ?? '{}') as KairosEvent['traits'],
    timestamp: new Date(Number(ms)).toISOString(),
    context: {
      ...(device != null && { device: { type: device } }),
      ...(userAgent != null && { userAgent }),
      ...(locale != null && { locale }),
      ...(timezone != null && { timezone }),
      ...(geo != null && { geo: JSON.parse(geo) as unknown }),
    },
  } as KairosEvent;
  return eventFacts(event);
}

/** The events with an id above `afterId` as Arrow tables, read with COPY … TO STDOUT. */
export async function* copyEventTables(db: Database, afterId = 0, pageRows = exportPageRows): AsyncGenerator<Table> {
  const pool = (db as unknown as { $client: Pool }).$client;
  const select = `${factColumns} where id > ${Math.max(0, Math.floor(afterId))} order by id`;
  let page: EventFacts[] = [];
  let ids: number[] = [];
  for await (const fields of copyOutRows(pool, select)) {
    page.push(factsOf(fields));
    ids.push(Number(fields[0]));
    // Rows arrive as microtasks: without a turn per read's worth, other requests wait a whole batch.
    if (page.length % exportReadRows === 0) await yieldToRequests();
    if (page.length === pageRows) {
      yield factsToTable(page, ids);
      page = [];
      ids = [];
      await yieldToRequests();
    }
  }
  if (page.length > 0) yield factsToTable(page, ids);
}
