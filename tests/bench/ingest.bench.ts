// Ingest through the Segment-compatible API beside the tracker's collector, the
// built app over loopback HTTP: the same events, batches of 100, 8 in flight,
// into embedded PGlite and into a PostgreSQL server, in the same run. /v1/batch
// is fed by Segment's own Node library (8 clients, each waiting for its batch
// to be answered before it fills the next), /api/collect by fetch with the
// tracker's body. The client's own work is in the first figure, as it is for a
// shop that sends with the library; the second sends the library's own bodies
// (caught before the network) by fetch, the server's side alone, as the
// collector's is. Rounds alternate between the paths.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Analytics, FetchHTTPClient } from '@segment/analytics-node';
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

/** Each batch answered at once, with no network and no server: what Segment's library can do on its own. */
const instantAnswer = () => new FetchHTTPClient(async () => new Response('{}', { status: 200 }));

async function segmentRate(url: string, answer?: () => FetchHTTPClient): Promise<number> {
  // flushInterval far away: a batch leaves when it holds 100 calls, never half full on a timer.
  const clients = Array.from(
    { length: inFlight },
    () =>
      new Analytics({
        writeKey,
        host: url,
        flushAt: batchSize,
        flushInterval: 60_000,
        maxRetries: 0,
        // The shared machine can be slow: a batch answered late is still measured, not abandoned.
        httpRequestTimeout: 120_000,
        ...(answer ? { httpClient: answer() } : {}),
      }),
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

/** The bodies Segment's library sends for `batches` batches, caught before the network (a fresh messageId each). */
async function libraryBodies(): Promise<string[]> {
  const bodies: string[] = [];
  const catcher = new FetchHTTPClient(async (_url: string, init: RequestInit) => {
    bodies.push(String(init.body));
    return new Response('{}', { status: 200 });
  });
  const client = new Analytics({ writeKey, host: 'http://127.0.0.1', flushAt: batchSize, httpClient: catcher });
  for (let batch = 0; batch < batches; batch++) await segmentBatch(client, batch);
  await client.closeAndFlush();
  return bodies;
}

/** /v1/batch with the library's own bodies, sent by fetch: the server's side alone. */
async function replayRate(url: string, bodies: string[]): Promise<number> {
  const headers = { 'Content-Type': 'application/json', Authorization: `Basic ${btoa(`${writeKey}:`)}` };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < bodies.length) {
        const response = await fetch(`${url}/v1/batch`, { method: 'POST', body: bodies[next++], headers });
        if (!response.ok) throw new Error(`/v1/batch answered ${response.status}: ${await response.text()}`);
      }
    }),
  );
  return (bodies.length * batchSize) / ((performance.now() - started) / 1000);
}

interface Figures {
  /** The library on its own (8 clients, each batch answered at once, no network): the most the end-to-end figure can be. */
  library: number;
  segment: number;
  replay: number;
  collector: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function measureWith(env: Record<string, string>): Promise<Figures> {
  // Caught before the server starts: a pause between rounds would outlast its keep-alive and reset pooled sockets.
  const caught: string[][] = [];
  for (let round = 0; round < rounds; round++) caught.push(await libraryBodies());
  const { url, server } = await startApp({ ...env, KAIROS_WRITE_KEYS: `bench:${writeKey}` });
  try {
    // Warm up both paths: the first requests compile routes and fill pools.
    await collectorRate(url);
    await segmentRate(url);
    const collector: number[] = [];
    const segment: number[] = [];
    const replay: number[] = [];
    const library: number[] = [];
    for (let round = 0; round < rounds; round++) {
      collector.push(await collectorRate(url));
      segment.push(await segmentRate(url));
      replay.push(await replayRate(url, caught[round] ?? []));
      library.push(await segmentRate(url, instantAnswer));
    }
    return {
      library: median(library),
      segment: median(segment),
      replay: median(replay),
      collector: median(collector),
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

export async function ingestBench(): Promise<BenchRow[]> {
  if (!existsSync('.next/BUILD_ID')) throw new Error('Build the app first: npm run build');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-bench-ingest-'));
  const label = `events/s, ${batches} batches of ${batchSize}, ${inFlight} in flight, median of ${rounds} rounds`;
  const peer = (figures: Figures) => ({ label: '/api/collect, the same events by fetch', value: figures.collector });
  const rows = (storage: string, figures: Figures): BenchRow[] => [
    {
      name: `ingest into ${storage}, end to end (${label})`,
      unit: 'events/s',
      ours: { label: "/v1/batch from Segment's analytics-node 3.1, its own work included", value: figures.segment },
      peer: peer(figures),
    },
    {
      // The client's own ceiling, on the same cores as the server: the end-to-end figure cannot pass it.
      name: `Segment's library on its own: 8 clients, each batch answered at once with no network (${label})`,
      unit: 'events/s',
      ours: { label: "/v1/batch from Segment's analytics-node 3.1 (the figure above)", value: figures.segment },
      peer: { label: 'the library alone: its ceiling on this machine', value: figures.library },
    },
    {
      name: `ingest into ${storage}, the server's side (${label})`,
      unit: 'events/s',
      ours: { label: "/v1/batch, the library's own bodies sent by fetch", value: figures.replay },
      peer: peer(figures),
    },
  ];
  try {
    const report = rows('PGlite', await measureWith({ KAIROS_DATA_DIR: dataDir, DATABASE_URL: '' }));
    const url = process.env.KAIROS_BENCH_DATABASE_URL ?? process.env.KAIROS_TEST_DATABASE_URL;
    if (url) report.push(...rows('PostgreSQL', await measureWith({ DATABASE_URL: url })));
    else console.warn('ingest: set KAIROS_BENCH_DATABASE_URL for the PostgreSQL rows.');
    return report;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
