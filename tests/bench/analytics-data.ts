// The analytics benchmark's data: seeded, generated in chunks straight into
// Arrow (10M events never exist as JS objects). Same seed, same events, in
// Node and in the browser. One customer in 20 events; a customer keeps one
// device; a quarter of the events are purchases.
import { Float64, Table, TimestampMillisecond, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { Random } from '@/lib/demo/random';

export const benchEnd = Date.UTC(2026, 0, 1);
const day = 86_400_000;
export const benchEventNames = ['page', 'Product Viewed', 'Order Completed'] as const;
const eventWeights = [0.35, 0.4, 0.25];
export const benchDevices = ['mobile', 'desktop', 'tablet'] as const;
export const benchChunkRows = 1_000_000;

export const customerCount = (events: number) => Math.max(1, Math.floor(events / 20));
const customerId = (index: number) => `c${String(index).padStart(8, '0')}`;

/** One chunk of events as an Arrow table in the engine's load shape (no properties or traits). */
export function benchChunk(events: number, chunk: number): Table {
  const start = chunk * benchChunkRows;
  const rows = Math.min(benchChunkRows, events - start);
  const rng = new Random(42, chunk);
  const customers = customerCount(events);
  const customer: string[] = new Array(rows);
  const time = new Float64Array(rows);
  const event: string[] = new Array(rows);
  const amount: (number | null)[] = new Array(rows);
  const device: string[] = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = rng.int(0, customers - 1);
    customer[i] = customerId(c);
    time[i] = benchEnd - Math.floor(rng.float() * 365 * day);
    const r = rng.float();
    const name = r < (eventWeights[0] ?? 0) ? 0 : r < (eventWeights[0] ?? 0) + (eventWeights[1] ?? 0) ? 1 : 2;
    event[i] = benchEventNames[name] ?? 'page';
    amount[i] = name === 2 ? Math.round(rng.logNormal(40, 0.8) * 100) / 100 : null;
    device[i] = benchDevices[c % 3] ?? 'desktop';
  }
  return new Table({
    customer: vectorFromArray(customer, new Utf8()),
    time: vectorFromArray(Array.from(time), new TimestampMillisecond()),
    event: vectorFromArray(event, new Utf8()),
    amount: vectorFromArray(amount, new Float64()),
    device: vectorFromArray(device, new Utf8()),
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
