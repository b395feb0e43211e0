// The analytics benchmark's data: seeded, generated in chunks straight into
// Arrow (10M events never exist as JS objects). Same seed, same events, in
// Node and in the browser. One customer in 20 events; a customer keeps one
// device; a quarter of the events are purchases.
import {
  Float64,
  makeData,
  makeVector,
  Table,
  TimestampMillisecond,
  Utf8,
  tableToIPC,
  type Vector,
} from 'apache-arrow';
import { Random } from '@/lib/demo/random';

export const benchEnd = Date.UTC(2026, 0, 1);
const day = 86_400_000;
export const benchEventNames = ['page', 'Product Viewed', 'Order Completed'] as const;
export const benchDevices = ['mobile', 'desktop', 'tablet'] as const;
export const benchChunkRows = 1_000_000;

export const customerCount = (events: number) => Math.max(1, Math.floor(events / 20));

/** A Utf8 column from one code per row into a small list of strings, written straight into Arrow buffers. */
function utf8FromCodes(codes: Uint8Array, values: readonly string[]): Vector<Utf8> {
  const encoded = values.map((value) => new TextEncoder().encode(value));
  const offsets = new Int32Array(codes.length + 1);
  for (let i = 0; i < codes.length; i++) offsets[i + 1] = (offsets[i] ?? 0) + (encoded[codes[i] ?? 0]?.length ?? 0);
  const bytes = new Uint8Array(offsets[codes.length] ?? 0);
  for (let i = 0; i < codes.length; i++) bytes.set(encoded[codes[i] ?? 0] ?? new Uint8Array(), offsets[i] ?? 0);
  return makeVector(
    makeData({ type: new Utf8(), length: codes.length, nullCount: 0, valueOffsets: offsets, data: bytes }),
  );
}

/** Customer ids "c00001234" (9 bytes each). */
function customerIds(indexes: Int32Array): Vector<Utf8> {
  const width = 9;
  const offsets = new Int32Array(indexes.length + 1);
  const bytes = new Uint8Array(indexes.length * width);
  for (let i = 0; i < indexes.length; i++) {
    offsets[i + 1] = (i + 1) * width;
    let value = indexes[i] ?? 0;
    bytes[i * width] = 99; // 'c'
    for (let d = width - 1; d >= 1; d--) {
      bytes[i * width + d] = 48 + (value % 10);
      value = Math.floor(value / 10);
    }
  }
  return makeVector(
    makeData({ type: new Utf8(), length: indexes.length, nullCount: 0, valueOffsets: offsets, data: bytes }),
  );
}

/** One chunk of events as an Arrow table in the engine's load shape (no properties or traits). */
export function benchChunk(events: number, chunk: number): Table {
  const start = chunk * benchChunkRows;
  const rows = Math.min(benchChunkRows, events - start);
  const rng = new Random(42, chunk);
  const customers = customerCount(events);
  const customer = new Int32Array(rows);
  const time = new BigInt64Array(rows);
  const event = new Uint8Array(rows);
  const amount = new Float64Array(rows);
  const valid = new Uint8Array(Math.ceil(rows / 8));
  const device = new Uint8Array(rows);
  let purchases = 0;
  for (let i = 0; i < rows; i++) {
    const c = rng.int(0, customers - 1);
    customer[i] = c;
    time[i] = BigInt(benchEnd - Math.floor(rng.float() * 365 * day));
    const r = rng.float();
    const name = r < 0.35 ? 0 : r < 0.75 ? 1 : 2;
    event[i] = name;
    if (name === 2) {
      // Order values: log-normal around 40 with a long tail, in cents.
      amount[i] = Math.round(40 * Math.exp(0.8 * (rng.float() + rng.float() + rng.float() - 1.5) * 2) * 100) / 100;
      valid[i >> 3] = (valid[i >> 3] ?? 0) | (1 << (i & 7));
      purchases++;
    }
    device[i] = c % 3;
  }
  return new Table({
    customer: customerIds(customer),
    time: makeVector(makeData({ type: new TimestampMillisecond(), length: rows, nullCount: 0, data: time })),
    event: utf8FromCodes(event, benchEventNames),
    amount: makeVector(
      makeData({ type: new Float64(), length: rows, nullCount: rows - purchases, nullBitmap: valid, data: amount }),
    ),
    device: utf8FromCodes(device, benchDevices),
  });
}

export function benchChunkCount(events: number): number {
  return Math.ceil(events / benchChunkRows);
}

export const benchIpcChunk = (events: number, chunk: number) => tableToIPC(benchChunk(events, chunk), 'stream');

/** The segment every peer counts: mobile, 3+ product views in 30 days, a purchase in 90 days. */
export const benchSegment = {
  all: [
    { kind: 'technographic', field: 'device', op: 'in', values: ['mobile'] },
    { kind: 'event', name: 'Product Viewed', where: [], atLeast: 3, withinDays: 30 },
    { kind: 'event', name: 'Order Completed', where: [], atLeast: 1, withinDays: 90 },
  ],
} as const;
