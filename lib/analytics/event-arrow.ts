// Kairos events to Arrow IPC batches in the engine's load shape: one column per
// event fact, properties and traits as lists of {key, text, num, bool}. The
// server's export and the visitor's IndexedDB events both go through here, so
// every source loads the same way (DuckDB unnests the lists in SQL).
import {
  Bool,
  Field,
  Float64,
  Int32,
  List,
  Struct,
  Table,
  TimestampMillisecond,
  Utf8,
  makeVector,
  tableToIPC,
  vectorFromArray,
} from 'apache-arrow';
import type { KairosEvent } from '../contracts/event';
import type { Scalar } from '../contracts/segment';
import { eventFacts, type EventFacts } from '../segments/event-facts';

export const eventBatchRows = 10_000;

interface ScalarEntry {
  key: string;
  text: string | null;
  num: number | null;
  bool: boolean | null;
}

const scalarStruct = new Struct([
  new Field('key', new Utf8(), false),
  new Field('text', new Utf8(), true),
  new Field('num', new Float64(), true),
  new Field('bool', new Bool(), true),
]);
const scalarList = new List(new Field('item', scalarStruct, true));

const entry = ([key, value]: [string, Scalar]): ScalarEntry => ({
  key,
  text: typeof value === 'string' ? value : null,
  num: typeof value === 'number' ? value : null,
  bool: typeof value === 'boolean' ? value : null,
});

/**
 * One batch of facts as an Arrow table; `seq` numbers rows within the batch.
 * With `ids` (the server's event ids, the lake's `id`), an `id` column leads:
 * the console's lake sync uses it and the plain loader ignores it.
 */
export function factsToTable(facts: readonly EventFacts[], ids?: readonly number[]): Table {
  const column = <T>(pick: (fact: EventFacts) => T) => facts.map(pick);
  return new Table({
    ...(ids && { id: makeVector(BigInt64Array.from(ids, BigInt)) }),
    seq: vectorFromArray(
      facts.map((_, i) => i),
      new Int32(),
    ),
    customer: vectorFromArray(
      column((f) => f.customer),
      new Utf8(),
    ),
    time: vectorFromArray(
      column((f) => f.time),
      new TimestampMillisecond(),
    ),
    event: vectorFromArray(
      column((f) => f.name),
      new Utf8(),
    ),
    amount: vectorFromArray(
      column((f) => f.amount),
      new Float64(),
    ),
    order_id: vectorFromArray(
      column((f) => f.orderId),
      new Utf8(),
    ),
    device: vectorFromArray(
      column((f) => f.device),
      new Utf8(),
    ),
    browser: vectorFromArray(
      column((f) => f.browser),
      new Utf8(),
    ),
    locale: vectorFromArray(
      column((f) => f.locale),
      new Utf8(),
    ),
    timezone: vectorFromArray(
      column((f) => f.timezone),
      new Utf8(),
    ),
    country: vectorFromArray(
      column((f) => f.country),
      new Utf8(),
    ),
    region: vectorFromArray(
      column((f) => f.region),
      new Utf8(),
    ),
    city: vectorFromArray(
      column((f) => f.city),
      new Utf8(),
    ),
    props: vectorFromArray(
      column((f) => f.properties.map(entry)),
      scalarList,
    ),
    traits: vectorFromArray(
      column((f) => f.traits.map(entry)),
      scalarList,
    ),
  });
}

/** Events in Arrow IPC stream batches of `batchRows`. */
export function* eventsToArrowBatches(
  events: Iterable<KairosEvent>,
  batchRows = eventBatchRows,
): Generator<Uint8Array> {
  let facts: EventFacts[] = [];
  for (const event of events) {
    facts.push(eventFacts(event));
    if (facts.length === batchRows) {
      yield tableToIPC(factsToTable(facts), 'stream');
      facts = [];
    }
  }
  if (facts.length > 0) yield tableToIPC(factsToTable(facts), 'stream');
}
