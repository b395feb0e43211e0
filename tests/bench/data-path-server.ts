// The data-path benchmark's server, a process of its own so its memory is its
// own: embedded PGlite in a temporary data folder, filled with N events (the
// first through the collector's storage path, `ingestEvents`, with the demo's
// varied events arriving month by month; the rest by INSERT … SELECT, as the
// export benchmark does; KAIROS_BENCH_LAKE_INGESTED sets how many take the
// collector's path, all of them for the figures in docs/benchmarks.md), serving the app's own
// lake and export routes. Prints { url, cookie } as one JSON line once it
// listens; GET /bench/peak answers the highest RSS sampled since the last ask.
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GET as exportRoute } from '@/app/api/admin/events/export/route';
import { GET as filesRoute } from '@/app/api/admin/lake/files/[...path]/route';
import { GET as manifestRoute } from '@/app/api/admin/lake/manifest/route';
import { createSession, sessionCookieName } from '@/lib/auth/session';
import { checkBatch } from '@/lib/collect/validate';
import { collectLimits } from '@/lib/contracts/collect-limits';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@/lib/db';
import { ingestEvents } from '@/lib/db/ingest';
import { generateDemo } from '@/lib/demo';
import { storeBulkEvents } from '../fixtures/bulk-events';

const noParams = { params: Promise.resolve({}) };
const storedEvents = Number(process.argv[2]);
const ingested = Math.min(storedEvents, Number(process.env.KAIROS_BENCH_LAKE_INGESTED ?? 20_000));

let peak = 0;
setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20).unref();

/** Months of events the ingested part spans, oldest first. */
const ingestMonths = 12;

/**
 * Demo events through the collector's validation and storage, in the collector's batch size, in
 * the order a site's events arrive: month by month, oldest first, each month a run of demo
 * visitors (seeds) of its own. Seeds spanning the whole year each, one after another, would
 * back-fill every day again with each seed, so every compaction page would hold every day and
 * write a small file per day, as no site's arrivals do.
 */
async function ingestDemo(handle: DatabaseHandle, count: number): Promise<void> {
  const started = performance.now();
  const today = new Date();
  const monthEnd = (monthsAgo: number) =>
    new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - monthsAgo, 1));
  let stored = 0;
  let seed = 0;
  for (let month = 0; month < ingestMonths; month++) {
    const due = Math.round((count * (month + 1)) / ingestMonths);
    while (stored < due) {
      const end = monthEnd(ingestMonths - 1 - month);
      const { events } = generateDemo({ visitors: 400, seed: ++seed, months: 1, end });
      for (let i = 0; i < events.length && stored < due; i += collectLimits.maxBatchEvents) {
        const batch = events.slice(i, Math.min(i + collectLimits.maxBatchEvents, i + due - stored));
        const now = new Date();
        const checked = checkBatch(batch, now, now);
        stored += (await ingestEvents(handle.db, checked.valid, now)).accepted + checked.invalid.length;
      }
    }
  }
  const seconds = (performance.now() - started) / 1000;
  console.error(
    `  seeded ${stored.toLocaleString('en')} events through the collector's storage path in ${seconds.toFixed(1)} s ` +
      `(${Math.round(stored / seconds).toLocaleString('en')} events/s, generation included)`,
  );
}

async function send(response: Response, to: ServerResponse): Promise<void> {
  to.writeHead(response.status, Object.fromEntries(response.headers));
  const reader = response.body?.getReader();
  for (let next = await reader?.read(); next && !next.done; next = await reader?.read()) {
    if (!to.write(next.value)) await once(to, 'drain');
  }
  to.end();
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-bench-lake-'));
process.env.KAIROS_DATA_DIR = dataDir;
process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
process.on('SIGTERM', () => process.exit(0));
const handle = await openDatabase({ dataDir: path.join(dataDir, 'pglite') });
(globalThis as typeof globalThis & { kairosDatabase?: Promise<DatabaseHandle> }).kairosDatabase =
  Promise.resolve(handle);
await migrateDatabase(handle);
await ingestDemo(handle, ingested);
await storeBulkEvents(handle.db, storedEvents - ingested);

const server = createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const web = new Request(url, { headers: request.headers as Record<string, string> });
  let answer: Response;
  if (url.pathname === '/bench/peak') {
    answer = Response.json({ peakRss: peak });
    peak = process.memoryUsage().rss;
  } else if (url.pathname === '/api/admin/lake/manifest') answer = await manifestRoute(web, noParams);
  else if (url.pathname.startsWith('/api/admin/lake/files/')) answer = await filesRoute(web, noParams);
  else if (url.pathname === '/api/admin/events/export') answer = await exportRoute(web, noParams);
  else answer = new Response(null, { status: 404 });
  await send(answer, response);
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const cookie = `${sessionCookieName}=${(await createSession(handle.db)).cookieValue}`;
process.stdout.write(
  `${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, cookie })}\n`,
);
