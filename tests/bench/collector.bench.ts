// Collector ingest over loopback HTTP, the built app as users run it: batches
// of 50 events into embedded PGlite and into a PostgreSQL server, same run.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchRow } from './report';

const batches = 200;
const batchSize = 50;
const concurrency = 8;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export async function startApp(env: Record<string, string>): Promise<{ url: string; server: ChildProcess }> {
  const port = await freePort();
  // KAIROS_BENCH_SERVER_PROFILE=dir: a V8 CPU profile of the server, written when it exits.
  const profile = process.env.KAIROS_BENCH_SERVER_PROFILE;
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const server = spawn(process.execPath, [...flags, '--import', 'tsx', 'server.ts', '--port', String(port)], {
    env: {
      ...process.env,
      KAIROS_COLLECT_RATE_LIMIT: '1000000',
      KAIROS_COLLECT_GLOBAL_RATE_LIMIT: '1000000',
      KAIROS_ADMIN_PASSWORD: 'bench-password-1',
      ...env,
    },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (
      await fetch(`${url}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, server };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  server.kill();
  throw new Error('the app did not start');
}

function batchBody(visitor: string): string {
  const sentAt = new Date().toISOString();
  return JSON.stringify({
    sentAt,
    batch: Array.from({ length: batchSize }, (_, i) => ({
      messageId: randomUUID(),
      type: 'track',
      event: 'Product Viewed',
      properties: { product_id: `p${i}`, price: 19.99 },
      traits: {},
      anonymousId: visitor,
      timestamp: sentAt,
      context: { locale: 'en-GB', timezone: 'Europe/London', page: { url: 'https://shop.example/p', path: '/p' } },
    })),
  });
}

async function ingestRate(url: string): Promise<number> {
  const bodies = Array.from({ length: batches }, (_, i) => batchBody(`bench-${i % 100}`));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const response = await fetch(`${url}/api/collect`, {
          method: 'POST',
          body,
          headers: { 'Content-Type': 'text/plain' },
        });
        if (!response.ok) throw new Error(`collect answered ${response.status}`);
      }
    }),
  );
  return (batches * batchSize) / ((performance.now() - started) / 1000);
}

async function measureWith(env: Record<string, string>): Promise<number> {
  const { url, server } = await startApp(env);
  try {
    await ingestRate(url); // warm up: first requests compile routes and fill pools
    return await ingestRate(url);
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
  }
}

export async function collectorBench(): Promise<BenchRow[]> {
  if (!existsSync('.next/BUILD_ID')) throw new Error('Build the app first: npm run build');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-bench-'));
  const label = `events/s, ${batches} batches of ${batchSize}, ${concurrency} in flight`;
  try {
    const pglite = await measureWith({ KAIROS_DATA_DIR: dataDir, DATABASE_URL: '' });
    const url = process.env.KAIROS_BENCH_DATABASE_URL ?? process.env.KAIROS_TEST_DATABASE_URL;
    const postgres = url ? await measureWith({ DATABASE_URL: url }) : undefined;
    return [
      {
        name: `collector ingest over loopback HTTP (${label})`,
        unit: 'events/s',
        ours: { label: 'PGlite (embedded default)', value: pglite },
        peer: { label: url ? 'PostgreSQL server' : 'not measured: set KAIROS_BENCH_DATABASE_URL', value: postgres },
      },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
