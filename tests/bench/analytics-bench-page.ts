// Browser side of the analytics benchmark (bundled by tests/fixtures/harness-server.ts):
// the same generated events, then load, RFM and a three-condition segment count
// with one peer: our engine (DuckDB-WASM in the analytics worker), arquero, or
// a hand-written JS loop. Each peer runs in a fresh browser (memory is per run).
import { fromArrow, op } from 'arquero';
import { Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { analyticsWorkerPath, WorkerEngine } from '@/lib/analytics/worker-client';
import { parseSegmentTree } from '@/lib/contracts/segment';
import { rfmSegmentGrid } from '@/lib/segments/rfm-map';
import { benchChunkCount, benchIpcChunk, benchSegment } from './analytics-data';

export type Peer = 'duckdb' | 'arquero' | 'js';
export interface PeerResult {
  loadMs: number;
  rfmMs: number;
  segmentMs: number;
  rfmCustomers: number;
  segmentCount: number;
}

const day = 86_400_000;
const quintiles = [0.2, 0.4, 0.6, 0.8];
const countAbove = (value: number, cuts: number[]) => cuts.reduce((n, cut) => n + (value > cut ? 1 : 0), 0);

/** quantile_disc: the value at rank ceil(p·n) (1-based) of the sorted values, as DuckDB defines it. */
function quantileDisc(sorted: Float64Array, p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0;
}

async function time<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function runDuckdb(chunks: Uint8Array[]): Promise<PeerResult> {
  const engine = new WorkerEngine(new Worker(new URL(analyticsWorkerPath, window.location.href)));
  await engine.query({ sql: 'SELECT 1' }); // instantiate DuckDB before the clock starts
  const [, loadMs] = await time(() =>
    engine.loadArrowBatches({ batches: chunks }, { transfer: chunks.map((chunk) => chunk.buffer) }),
  );
  const [report, rfmMs] = await time(() => engine.rfm({}));
  const tree = parseSegmentTree(benchSegment);
  const [count, segmentMs] = await time(() => engine.segmentCount({ tree }));
  await engine.close();
  return { loadMs, rfmMs, segmentMs, rfmCustomers: report.customers, segmentCount: count };
}

interface ArqueroRow {
  customer: string;
  time: number;
  event: string;
  amount: number;
  device: string;
}

async function runArquero(chunks: Uint8Array[]): Promise<PeerResult> {
  // One IPC buffer for the whole dataset, made before the clock starts: arquero reads Arrow bytes itself.
  const whole = tableToIPC(new Table(chunks.flatMap((chunk) => tableFromIPC(chunk).batches)), 'stream');
  const [events, loadMs] = await time(() => fromArrow(whole, { useDate: false }));
  const asOfOf = () => (Math.floor(Number(events.rollup({ t: op.max('time') }).get('t', 0)) / day) + 1) * day;
  const [rfmCustomers, rfmMs] = await time(() => {
    const asOf = asOfOf();
    const values = events
      .params({ asOf, day })
      .filter((d: ArqueroRow, $: { asOf: number }) => d.event === 'Order Completed' && d.time <= $.asOf)
      .groupby('customer')
      .rollup({
        last: op.max('time'),
        frequency: op.count(),
        cents: (d: ArqueroRow) => op.sum(op.floor(d.amount * 100 + 0.5)),
      })
      .derive({
        recency: (d: { last: number }, $: { asOf: number; day: number }) => op.floor(($.asOf - d.last) / $.day),
      });
    const cutRow = values
      .rollup(
        Object.fromEntries(
          ['recency', 'frequency', 'cents'].flatMap((column) =>
            quintiles.map((p, i) => [`${column}${i}`, op.quantile(column, p)]),
          ),
        ),
      )
      .objects()[0] as Record<string, number>;
    const cuts = (column: string) => quintiles.map((_, i) => cutRow[`${column}${i}`] ?? 0);
    const scored = values
      .params({ cr: cuts('recency'), cf: cuts('frequency'), cm: cuts('cents'), grid: rfmSegmentGrid })
      .derive({
        r: (d: { recency: number }, $: { cr: number[] }) =>
          5 -
          ((d.recency > $.cr[0]! ? 1 : 0) +
            (d.recency > $.cr[1]! ? 1 : 0) +
            (d.recency > $.cr[2]! ? 1 : 0) +
            (d.recency > $.cr[3]! ? 1 : 0)),
        f: (d: { frequency: number }, $: { cf: number[] }) =>
          1 +
          (d.frequency > $.cf[0]! ? 1 : 0) +
          (d.frequency > $.cf[1]! ? 1 : 0) +
          (d.frequency > $.cf[2]! ? 1 : 0) +
          (d.frequency > $.cf[3]! ? 1 : 0),
        m: (d: { cents: number }, $: { cm: number[] }) =>
          1 +
          (d.cents > $.cm[0]! ? 1 : 0) +
          (d.cents > $.cm[1]! ? 1 : 0) +
          (d.cents > $.cm[2]! ? 1 : 0) +
          (d.cents > $.cm[3]! ? 1 : 0),
      })
      .derive({ segment: (d: { r: number; f: number }, $: { grid: string[][] }) => $.grid[d.r - 1]![d.f - 1] });
    const bySegment = scored.groupby('segment').rollup({ customers: op.count(), cents: op.sum('cents') });
    const grid = scored.groupby('r', 'f').count();
    void grid.numRows();
    return (bySegment.objects() as { customers: number }[]).reduce((n, row) => n + row.customers, 0);
  });
  const [segmentCount, segmentMs] = await time(() => {
    const asOf = asOfOf();
    const params = { asOf, from30: asOf - 30 * day, from90: asOf - 90 * day };
    const mobile = events
      .filter((d: ArqueroRow) => d.device === 'mobile')
      .select('customer')
      .dedupe('customer');
    const views = events
      .params(params)
      .filter(
        (d: ArqueroRow, $: typeof params) => d.event === 'Product Viewed' && d.time > $.from30 && d.time <= $.asOf,
      )
      .groupby('customer')
      .count()
      .filter((d: { count: number }) => d.count >= 3)
      .select('customer');
    const buys = events
      .params(params)
      .filter(
        (d: ArqueroRow, $: typeof params) => d.event === 'Order Completed' && d.time > $.from90 && d.time <= $.asOf,
      )
      .select('customer')
      .dedupe('customer');
    return mobile.semijoin(views, 'customer').semijoin(buys, 'customer').numRows();
  });
  return { loadMs, rfmMs, segmentMs, rfmCustomers, segmentCount };
}

/** The JS loop's working set: one typed array per column, customers and names as integer codes. */
interface Columns {
  customer: Int32Array;
  customers: number;
  time: Float64Array;
  event: Uint8Array;
  amount: Float64Array;
  mobile: Uint8Array;
}

function decode(tables: Table[]): Columns {
  const rows = tables.reduce((n, t) => n + t.numRows, 0);
  const columns: Columns = {
    customer: new Int32Array(rows),
    customers: 0,
    time: new Float64Array(rows),
    event: new Uint8Array(rows),
    amount: new Float64Array(rows),
    mobile: new Uint8Array(rows),
  };
  const ids = new Map<string, number>();
  const names: Record<string, number> = { page: 0, 'Product Viewed': 1, 'Order Completed': 2 };
  let row = 0;
  for (const table of tables) {
    const customer = table.getChild('customer')!;
    const timeColumn = table.getChild('time')!;
    const event = table.getChild('event')!;
    const amount = table.getChild('amount')!;
    const device = table.getChild('device')!;
    for (let i = 0; i < table.numRows; i++, row++) {
      const id = customer.get(i) as string;
      let code = ids.get(id);
      if (code === undefined) ids.set(id, (code = ids.size));
      columns.customer[row] = code;
      columns.time[row] = Number(timeColumn.get(i));
      columns.event[row] = names[event.get(i) as string] ?? 0;
      columns.amount[row] = (amount.get(i) as number | null) ?? 0;
      columns.mobile[row] = device.get(i) === 'mobile' ? 1 : 0;
    }
  }
  columns.customers = ids.size;
  return columns;
}

async function runJsLoop(chunks: Uint8Array[]): Promise<PeerResult> {
  const tables = chunks.map((chunk) => tableFromIPC(chunk));
  const [c, loadMs] = await time(() => decode(tables));
  const asOfOf = () => {
    let max = -Infinity;
    for (let i = 0; i < c.time.length; i++) if ((c.time[i] ?? 0) > max) max = c.time[i] ?? 0;
    return (Math.floor(max / day) + 1) * day;
  };
  const [rfmCustomers, rfmMs] = await time(() => {
    const asOf = asOfOf();
    const last = new Float64Array(c.customers).fill(-Infinity);
    const frequency = new Int32Array(c.customers);
    const cents = new Float64Array(c.customers);
    for (let i = 0; i < c.time.length; i++) {
      if (c.event[i] !== 2 || (c.time[i] ?? 0) > asOf) continue;
      const k = c.customer[i] ?? 0;
      if ((c.time[i] ?? 0) > (last[k] ?? 0)) last[k] = c.time[i] ?? 0;
      frequency[k] = (frequency[k] ?? 0) + 1;
      cents[k] = (cents[k] ?? 0) + Math.floor((c.amount[i] ?? 0) * 100 + 0.5);
    }
    const buyers: number[] = [];
    for (let k = 0; k < c.customers; k++) if ((frequency[k] ?? 0) > 0) buyers.push(k);
    const recency = Float64Array.from(buyers, (k) => Math.floor((asOf - (last[k] ?? 0)) / day));
    const f = Float64Array.from(buyers, (k) => frequency[k] ?? 0);
    const m = Float64Array.from(buyers, (k) => cents[k] ?? 0);
    const cuts = (values: Float64Array) => {
      const sorted = values.slice().sort();
      return quintiles.map((p) => quantileDisc(sorted, p));
    };
    const [cr, cf, cm] = [cuts(recency), cuts(f), cuts(m)];
    const counts = new Map<string, { customers: number; cents: number }>();
    for (let i = 0; i < buyers.length; i++) {
      const rScore = 5 - countAbove(recency[i] ?? 0, cr);
      const fScore = 1 + countAbove(f[i] ?? 0, cf);
      void (1 + countAbove(m[i] ?? 0, cm));
      const segment = rfmSegmentGrid[rScore - 1]?.[fScore - 1] ?? 'hibernating';
      const total = counts.get(segment) ?? { customers: 0, cents: 0 };
      total.customers += 1;
      total.cents += m[i] ?? 0;
      counts.set(segment, total);
    }
    return buyers.length;
  });
  const [segmentCount, segmentMs] = await time(() => {
    const asOf = asOfOf();
    const views = new Int32Array(c.customers);
    const buys = new Uint8Array(c.customers);
    const mobile = new Uint8Array(c.customers);
    for (let i = 0; i < c.time.length; i++) {
      const k = c.customer[i] ?? 0;
      const t = c.time[i] ?? 0;
      if (c.mobile[i]) mobile[k] = 1;
      if (t > asOf) continue;
      if (c.event[i] === 1 && t > asOf - 30 * day) views[k] = (views[k] ?? 0) + 1;
      if (c.event[i] === 2 && t > asOf - 90 * day) buys[k] = 1;
    }
    let n = 0;
    for (let k = 0; k < c.customers; k++) if (mobile[k] && (views[k] ?? 0) >= 3 && buys[k]) n++;
    return n;
  });
  return { loadMs, rfmMs, segmentMs, rfmCustomers, segmentCount };
}

async function run(peer: Peer, events: number): Promise<PeerResult> {
  const chunks = Array.from({ length: benchChunkCount(events) }, (_, i) => benchIpcChunk(events, i));
  if (peer === 'duckdb') return runDuckdb(chunks);
  if (peer === 'arquero') return runArquero(chunks);
  return runJsLoop(chunks);
}

Object.assign(window, { kairosBench: { run } });
document.body.dataset.ready = 'true';
