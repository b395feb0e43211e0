// Analytics benchmark, in headless Chromium: the same generated events at
// 100k, 1M and 10M, loaded from Arrow, then RFM and a three-condition segment
// count, by our engine (DuckDB-WASM in the analytics worker), arquero, and a
// hand-written JS loop. Each peer and size runs in a fresh browser; peak
// memory is the browser's whole process tree (resident set), sampled.
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from '@/lib/build/chromium';
import { startHarnessServer } from '../fixtures/harness-server';
import type { Peer, PeerResult } from './analytics-bench-page';
import { treeRss } from './process-memory';
import type { BenchRow } from './report';

const sizes = (process.env.KAIROS_BENCH_SIZES ?? '100000,1000000,10000000').split(',').map(Number);
const peers = (process.env.KAIROS_BENCH_PEERS ?? 'duckdb,arquero,js').split(',') as Peer[];
const peerLabels: Record<Peer, string> = {
  duckdb: 'Kairos engine (DuckDB-WASM, worker)',
  arquero: 'arquero 7',
  js: 'hand-written JS loop',
};

interface Measured extends PeerResult {
  peakBytes: number;
  /** The browser with the benchmark page open, before any work. */
  idleBytes: number;
}

async function measure(url: string, peer: Peer, events: number): Promise<Measured | Error> {
  const server = await chromium.launchServer({
    executablePath: findChromium(),
    args: [...chromiumArgs, '--js-flags=--max-old-space-size=6144'],
  });
  const pid = server.process().pid ?? 0;
  let peakBytes = 0;
  const sampler = setInterval(() => {
    peakBytes = Math.max(peakBytes, treeRss(pid));
  }, 50);
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    const page = await browser.newPage();
    page.setDefaultTimeout(15 * 60_000);
    await page.goto(url);
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    const idleBytes = treeRss(pid);
    const result = await page.evaluate(
      ([p, n]) =>
        (window as unknown as { kairosBench: { run(p: string, n: number): Promise<PeerResult> } }).kairosBench.run(
          p,
          n,
        ),
      [peer, events] as const,
    );
    await browser.close();
    return { ...result, peakBytes, idleBytes };
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  } finally {
    clearInterval(sampler);
    await server.close();
  }
}

const label = (events: number) => (events >= 1e6 ? `${events / 1e6}M` : `${events / 1e3}k`);
const ms = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(0).padStart(8));
const mb = (bytes: number | undefined) => (bytes === undefined ? '—' : `${Math.round(bytes / 2 ** 20)} MB`.padStart(8));

export async function analyticsBench(): Promise<BenchRow[]> {
  const server = await startHarnessServer(path.resolve('tests/bench/analytics-bench-page.ts'));
  const rows: BenchRow[] = [];
  try {
    console.log('\nAnalytics engine (headless Chromium, one run each; ms, peak resident memory of the browser)');
    console.log(
      `  ${'events'.padEnd(7)} ${'peer'.padEnd(38)} ${'load'.padStart(8)} ${'RFM'.padStart(8)} ${'segment'.padStart(8)} ${'peak'.padStart(8)}`,
    );
    for (const events of sizes) {
      const results = {} as Record<Peer, Measured | Error>;
      for (const peer of peers) {
        results[peer] = await measure(server.url, peer, events);
        const r = results[peer];
        console.log(
          r instanceof Error
            ? `  ${label(events).padEnd(7)} ${peerLabels[peer].padEnd(38)} failed: ${r.message.split('\n')[0]}`
            : `  ${label(events).padEnd(7)} ${peerLabels[peer].padEnd(38)} ${ms(r.loadMs)} ${ms(r.rfmMs)} ${ms(r.segmentMs)} ${mb(r.peakBytes)} (idle ${mb(r.idleBytes).trim()})`,
        );
      }
      const ours = results.duckdb;
      if (!ours || ours instanceof Error) continue;
      for (const peer of (['arquero', 'js'] as const).filter((p) => results[p])) {
        const theirs = results[peer];
        const ok = !(theirs instanceof Error);
        if (ok && (theirs.segmentCount !== ours.segmentCount || theirs.rfmCustomers !== ours.rfmCustomers)) {
          console.log(
            `  ! ${peer} disagrees at ${label(events)}: segment ${theirs.segmentCount} vs ${ours.segmentCount}, ` +
              `RFM customers ${theirs.rfmCustomers} vs ${ours.rfmCustomers}`,
          );
        }
        for (const [what, key] of [
          ['load from Arrow', 'loadMs'],
          ['RFM', 'rfmMs'],
          ['three-condition segment count', 'segmentMs'],
        ] as const) {
          const value = ok ? theirs[key] : undefined;
          rows.push({
            name: `${what}, ${label(events)} events${value !== undefined ? ` (${(value / ours[key]).toFixed(1)}× ours)` : ''}`,
            unit: 'ms',
            ours: { label: peerLabels.duckdb, value: ours[key] },
            peer: { label: peerLabels[peer], value },
          });
        }
      }
      console.log(`  ${label(events)}: segment size ${ours.segmentCount}, RFM customers ${ours.rfmCustomers}`);
    }
  } finally {
    await server.close();
  }
  return rows;
}
