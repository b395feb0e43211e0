// The console's event export over loopback HTTP, and what it does to everyone
// else: while it streams, a health check and a device's collect call are timed.
// The server (export-server.ts, a process of its own) serves the app's route
// handlers and, as the peer, the export as it was (pages read back to back
// without giving the event loop a turn): both on the same data in the same run.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { collectRequest, timed } from '../fixtures/loaded-app';
import { freshPostgres } from '../fixtures/storage-backends';
import type { BenchRow } from './report';

const storedEvents = Number(process.env.KAIROS_BENCH_EXPORT_EVENTS ?? 250_000);

interface Run {
  eventsPerSecond: number;
  healthMaxMs: number;
  collectMaxMs: number;
  healthMedianMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** One export read to its end while health and collect are asked, one after the other, until it ends. */
async function measure(url: string, path: string, cookie: string): Promise<Run> {
  const started = performance.now();
  let exporting = true;
  const exported = fetch(`${url}${path}`, { headers: { cookie } })
    .then(async (response) => {
      if (!response.ok) throw new Error(`${path} answered ${response.status}`);
      await response.arrayBuffer();
      return performance.now() - started;
    })
    .finally(() => (exporting = false));
  // Let the export start streaming before the first probe.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const health: number[] = [];
  const collect: number[] = [];
  while (exporting) {
    // Side by side, as a device and a load balancer would ask: each is timed from its own send.
    const [h, c] = await Promise.all([timed(() => fetch(`${url}/api/health`)), timed(() => collectRequest(url))]);
    health.push(h.ms);
    collect.push(c.ms);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const ms = await exported;
  return {
    eventsPerSecond: storedEvents / (ms / 1000),
    healthMaxMs: Math.max(...health),
    collectMaxMs: Math.max(...collect),
    healthMedianMs: median(health),
  };
}

/** The export server in a process of its own, on PGlite or on the PostgreSQL database `databaseUrl`. */
async function withExportServer<T>(
  databaseUrl: string | undefined,
  work: (url: string, cookie: string) => Promise<T>,
): Promise<T> {
  const server = spawn(
    process.execPath,
    [
      '--conditions=react-server',
      '--import',
      'tsx',
      'tests/bench/export-server.ts',
      String(storedEvents),
      ...(databaseUrl ? [databaseUrl] : []),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, DATABASE_URL: '' } },
  );
  try {
    const line = await Promise.race([
      once(createInterface({ input: server.stdout }), 'line').then(([first]) => first as string),
      once(server, 'exit').then(() => Promise.reject(new Error('the export server exited'))),
    ]);
    const { url, cookie } = JSON.parse(line) as { url: string; cookie: string };
    return await work(url, cookie);
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit').catch(() => {});
  }
}

/** The same on PostgreSQL: the route's COPY beside the keyset export it replaced there. */
async function postgresRows(): Promise<BenchRow[]> {
  const base = process.env.KAIROS_BENCH_DATABASE_URL ?? process.env.KAIROS_TEST_DATABASE_URL;
  const label = `${storedEvents.toLocaleString('en')} events, PostgreSQL, loopback HTTP`;
  const oursLabel = "one COPY … TO STDOUT of the facts' columns";
  const oldLabel = "before: keyset pages of 1,000 rows (today's PGlite path)";
  if (!base) {
    const none = { label: 'not measured: set KAIROS_BENCH_DATABASE_URL', value: NaN };
    return [
      { name: `export throughput (${label})`, unit: 'events/s', ours: none, peer: { ...none, value: undefined } },
    ];
  }
  const database = await freshPostgres(base);
  try {
    return await withExportServer(database.url, async (url, cookie) => {
      await measure(url, '/api/admin/events/export', cookie); // warm up: JIT, the server's caches
      const ours = await measure(url, '/api/admin/events/export', cookie);
      const old = await measure(url, '/keyset/export', cookie);
      return [
        {
          name: `export throughput (${label})`,
          unit: 'events/s',
          ours: { label: oursLabel, value: ours.eventsPerSecond },
          peer: { label: oldLabel, value: old.eventsPerSecond },
        },
        {
          name: 'GET /api/health while the export streams on PostgreSQL, slowest answer',
          unit: 'ms',
          ours: { label: `${oursLabel}; median ${ours.healthMedianMs.toFixed(1)} ms`, value: ours.healthMaxMs },
          peer: { label: `${oldLabel}; median ${old.healthMedianMs.toFixed(1)} ms`, value: old.healthMaxMs },
        },
      ];
    });
  } finally {
    await database.drop();
  }
}

export async function exportBench(): Promise<BenchRow[]> {
  const embedded = await withExportServer(undefined, async (url, cookie) => {
    await measure(url, '/api/admin/events/export', cookie); // warm up: JIT, PGlite's caches
    const ours = await measure(url, '/api/admin/events/export', cookie);
    const old = await measure(url, '/old/export', cookie);
    const label = `${storedEvents.toLocaleString('en')} events, embedded PGlite, loopback HTTP`;
    const oursLabel = 'pages of 1,000 rows, a turn of the event loop after each';
    const oldLabel = 'before: pages of 5,000 read back to back, no turn';
    return [
      {
        name: `export throughput (${label})`,
        unit: 'events/s',
        ours: { label: oursLabel, value: ours.eventsPerSecond },
        peer: { label: oldLabel, value: old.eventsPerSecond },
      },
      {
        name: 'GET /api/health while the export streams, slowest answer',
        unit: 'ms',
        ours: { label: `${oursLabel}; median ${ours.healthMedianMs.toFixed(1)} ms`, value: ours.healthMaxMs },
        peer: { label: `${oldLabel}; median ${old.healthMedianMs.toFixed(1)} ms`, value: old.healthMaxMs },
      },
      {
        name: 'POST /api/collect (one event) while the export streams, slowest answer',
        unit: 'ms',
        ours: { label: oursLabel, value: ours.collectMaxMs },
        peer: { label: oldLabel, value: old.collectMaxMs },
      },
    ];
  });
  return [...embedded, ...(await postgresRows())];
}
