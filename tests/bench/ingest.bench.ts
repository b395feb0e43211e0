// Ingest through the Segment-compatible API beside the tracker's collector, the
// built app over loopback HTTP: the same events, batches of 100, 8 in flight,
// into embedded PGlite and into a PostgreSQL server, in the same run. /v1/batch
// is fed by Segment's own Node library (8 clients, each waiting for its batch
// to be answered before it fills the next), /api/collect by fetch with the
// tracker's body. The client's own work is in the figure, as it is for a shop
// that sends with the library. Rounds alternate between the two paths.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Analytics } from '@segment/analytics-node';
import { startApp } from './collector.bench';
import type { BenchRow } from './report';

const batches = 100;
/** Rounds of each path, alternating, the median kept: the machine's other load drifts during a run. */
const rounds = 3;
const batchSize = 100;
const inFlight = 8;
const writeKey = 'bench-write-key-0123456789abcdef';

const properties = (i: number) => ({ product_id: `p${i}`, price: 19.99 });
const context = { locale: 'en-GB', timezone: 'Europe/London', page: { url: 'https://shop.example/p', path: '/p' } };

function collectorBody(batch: number): string {
  const sentAt = new Date().toISOString();
  return JSON.stringify({
    sentAt,
    batch: Array.from({ length: batchSize }, (_, i) => ({
      messageId: randomUUID(),
      type: 'track',
      event: 'Product Viewed',
      properties: properties(i),
      traits: {},
      anonymousId: `bench-${batch % 100}`,
      timestamp: sentAt,
      context,
    })),
  });
}

async function collectorRate(url: string): Promise<number> {
  const bodies = Array.from({ length: batches }, (_, i) => collectorBody(i));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const response = await fetch(`${url}/api/collect`, {
          method: 'POST',
          body,
          headers: { 'Content-Type': 'text/plain' },
        });
        if (!response.ok) throw new Error(`collect answered ${response.status}: ${await response.text()}`);
      }
    }),
  );
  return (batches * batchSize) / ((performance.now() - started) / 1000);
}

/** One batch through a Segment client: 100 calls, resolved once the server answered the batch they filled. */
function segmentBatch(client: Analytics, batch: number): Promise<void> {
  const calls = Array.from(
    { length: batchSize },
    (_, i) =>
      new Promise<void>((resolve, reject) =>
        client.track(
          {
            anonymousId: `bench-${batch % 100}`,
            event: 'Product Viewed',
            properties: properties(i),
            context: structuredClone(context),
          },
          (error) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve()),
        ),
      ),
  );
  return Promise.all(calls).then(() => undefined);
}

async function segmentRate(url: string): Promise<number> {
  // flushInterval far away: a batch leaves when it holds 100 calls, never half full on a timer.
  const clients = Array.from(
    { length: inFlight },
    () => new Analytics({ writeKey, host: url, flushAt: batchSize, flushInterval: 60_000, maxRetries: 0 }),
  );
  let next = 0;
  const started = performance.now();
  await Promise.all(
    clients.map(async (client) => {
      while (next < batches) await segmentBatch(client, next++);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((client) => client.closeAndFlush()));
  return (batches * batchSize) / seconds;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function measureWith(env: Record<string, string>): Promise<{ segment: number; collector: number }> {
  const { url, server } = await startApp({ ...env, KAIROS_WRITE_KEYS: `bench:${writeKey}` });
  try {
    // Warm up both paths: the first requests compile routes and fill pools.
    await collectorRate(url);
    await segmentRate(url);
    const collector: number[] = [];
    const segment: number[] = [];
    for (let round = 0; round < rounds; round++) {
      collector.push(await collectorRate(url));
      segment.push(await segmentRate(url));
    }
    return { segment: median(segment), collector: median(collector) };
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

export async function ingestBench(): Promise<BenchRow[]> {
  if (!existsSync('.next/BUILD_ID')) throw new Error('Build the app first: npm run build');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-bench-ingest-'));
  const label = `events/s, ${batches} batches of ${batchSize}, ${inFlight} in flight, median of ${rounds} rounds`;
  const row = (storage: string, figures: { segment: number; collector: number }): BenchRow => ({
    name: `ingest into ${storage} (${label})`,
    unit: 'events/s',
    ours: { label: "/v1/batch from Segment's analytics-node 3.1", value: figures.segment },
    peer: { label: '/api/collect, the same events by fetch', value: figures.collector },
  });
  try {
    const rows = [row('PGlite', await measureWith({ KAIROS_DATA_DIR: dataDir, DATABASE_URL: '' }))];
    const url = process.env.KAIROS_BENCH_DATABASE_URL ?? process.env.KAIROS_TEST_DATABASE_URL;
    if (url) rows.push(row('PostgreSQL', await measureWith({ DATABASE_URL: url })));
    else console.warn('ingest: set KAIROS_BENCH_DATABASE_URL for the PostgreSQL row.');
    return rows;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
