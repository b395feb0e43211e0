// A campaign audience computed on the server: a three-condition segment over
// KAIROS_BENCH_EVENTS lake events (default 1M; 10M is the target size) in the
// server's native DuckDB, beside the console's engine (DuckDB-WASM, the path
// sends took before: every event into the tab, then the segment) on the same
// files, in the same run. The lake files are generated in the lake's columns
// by DuckDB itself, one per UTC day over a year; the ingest and compaction
// path is the data-path benchmark's.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createNodeEngine } from '@/lib/analytics/duckdb-node';
import { AudienceEngine } from '@/lib/audience/audience-engine';
import type { LakeFile } from '@/lib/contracts/lake';
import type { SegmentTree } from '@/lib/contracts/segment';
import type { BenchRow } from './report';

const events = Number(process.env.KAIROS_BENCH_EVENTS ?? 1_000_000);
const visitors = Math.max(1_000, Math.round(events / 38));
const asOf = Date.UTC(2026, 11, 31);

/** Viewed a product over 10 at least twice in 30 days, on a phone, and bought nothing in 90 days. */
const segment: SegmentTree = {
  all: [
    {
      kind: 'event',
      name: 'Product Viewed',
      atLeast: 2,
      withinDays: 30,
      where: [{ property: 'price', compare: { op: 'gt', value: 10 } }],
    },
    { kind: 'technographic', field: 'device', op: 'in', values: ['mobile'] },
    { not: { kind: 'event', name: 'Order Completed', atLeast: 1, withinDays: 90, where: [] } },
  ],
};

async function writeLake(lakeDir: string): Promise<LakeFile[]> {
  const db = await DuckDBInstance.create(':memory:');
  const sql = await db.connect();
  const scalar = 'STRUCT(key VARCHAR, text VARCHAR, num DOUBLE, bool BOOLEAN)';
  await sql.run(`COPY (
    SELECT i + 1 AS id, 'visitor-' || (hash(i) % ${visitors})::VARCHAR AS customer,
      TIMESTAMP '2026-01-01' + INTERVAL (i * (31536000 // ${events})) SECOND AS time,
      (['page', 'Product Viewed', 'Product Viewed', 'Product Added', 'Order Completed', 'search'])[1 + (hash(i * 7) % 6)::INT] AS event,
      CASE WHEN event = 'Order Completed' THEN (hash(i) % 200)::DOUBLE END AS amount,
      CASE WHEN event = 'Order Completed' THEN 'o' || i::VARCHAR END AS order_id,
      (['mobile', 'desktop', 'tablet'])[1 + (hash(customer) % 3)::INT] AS device, 'Chrome' AS browser,
      'en-US' AS locale, 'Europe/Lisbon' AS timezone,
      [{'key': 'path', 'text': '/p/' || (i % 1000)::VARCHAR, 'num': NULL, 'bool': NULL}::${scalar},
       {'key': 'price', 'text': NULL, 'num': (hash(i * 3) % 50)::DOUBLE, 'bool': NULL}::${scalar}] AS props,
      []::${scalar}[] AS traits,
      strftime(time, '%Y-%m-%d') AS date
    FROM range(${events}) r(i) ORDER BY id
  ) TO '${lakeDir}/events' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (date))`);
  const ranges = await sql.runAndReadAll(
    `SELECT strftime(time, '%Y-%m-%d') AS date, min(id) AS first, max(id) AS last, count(*) AS n,
       epoch_ms(min(time)) AS t0, epoch_ms(max(time)) AS t1
     FROM read_parquet('${lakeDir}/events/*/*.parquet') GROUP BY ALL`,
  );
  const byDate = new Map(ranges.getRowObjectsJS().map((row) => [String(row.date), row]));
  sql.closeSync();
  db.closeSync();
  return readdirSync(path.join(lakeDir, 'events')).flatMap((folder) =>
    readdirSync(path.join(lakeDir, 'events', folder)).map((name) => {
      const file = `events/${folder}/${name}`;
      const bytes = readFileSync(path.join(lakeDir, file));
      const row = byDate.get(folder.replace('date=', ''))!;
      return {
        path: file,
        date: String(row.date),
        sha256: createHash('sha256').update(bytes).digest('hex'),
        bytes: bytes.length,
        rows: Number(row.n),
        firstId: Number(row.first),
        lastId: Number(row.last),
        firstEventAt: Number(row.t0),
        lastEventAt: Number(row.t1),
      };
    }),
  );
}

const seconds = (ms: number) => ms / 1000;
async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

export async function audienceBench(): Promise<BenchRow[]> {
  const lakeDir = mkdtempSync(path.join(tmpdir(), 'kairos-audience-bench-'));
  try {
    const files = await writeLake(lakeDir);
    const server = await AudienceEngine.open({ path: ':memory:', memoryLimit: '4GB', threads: 2 });
    const load = await timed(() => server.refresh(lakeDir, files));
    const again = await timed(() => server.refresh(lakeDir, files));
    const first = await timed(() => server.segmentMembers({ tree: segment, asOf }));
    const warm = await timed(() => server.segmentMembers({ tree: segment, asOf }));
    await server.close();

    // The console's engine over the same files: Parquet read with parquet-wasm, Arrow into DuckDB-WASM.
    const { readParquet } = await import('parquet-wasm/node');
    const consoleEngine = await createNodeEngine();
    const consoleLoad = await timed(() =>
      consoleEngine.loadArrowBatches({
        batches: files.map((file) => readParquet(readFileSync(path.join(lakeDir, file.path))).intoIPCStream()),
      }),
    );
    const consoleMembers = await timed(() => consoleEngine.segmentMembers({ tree: segment, asOf }));
    await consoleEngine.close();
    if (consoleMembers.value.length !== first.value.length) {
      throw new Error(`Members differ: server ${first.value.length}, console ${consoleMembers.value.length}.`);
    }
    const label = `${events.toLocaleString('en')} events, ${first.value.length.toLocaleString('en')} members`;
    return [
      {
        name: `three-condition segment, load included (${label})`,
        unit: 's',
        ours: { label: 'server engine, cold: lake load + segment', value: seconds(load.ms + first.ms) },
        peer: {
          label: 'console engine: load into DuckDB-WASM + segment',
          value: seconds(consoleLoad.ms + consoleMembers.ms),
        },
      },
      {
        name: `three-condition segment on a loaded engine (${label})`,
        unit: 's',
        ours: { label: 'server engine, warm (a send)', value: seconds(warm.ms) },
        peer: { label: 'console engine', value: seconds(consoleMembers.ms) },
      },
      {
        name: 'refresh with no new lake file',
        unit: 's',
        ours: { label: 'server engine', value: seconds(again.ms) },
        peer: { label: 'console engine: a full reload', value: seconds(consoleLoad.ms) },
      },
    ];
  } finally {
    rmSync(lakeDir, { recursive: true, force: true });
  }
}
