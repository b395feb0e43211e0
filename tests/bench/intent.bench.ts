// Intent benchmark: BG/NBD fitting time. In headless Chromium, CDNOW_master
// (23,570 customers) through the analytics worker, and a generated 1M-customer
// summary fitted in the page by the same lib/intent code. Peers, on the same
// summaries in the same run: the fit in Node (lib/intent), and the method of
// Python's `lifetimes` (vectorised NumPy likelihood, SciPy Nelder–Mead) when
// python3 with scipy is installed (`lifetimes` itself is not installed here).
// The whole intent fit (BG/NBD + Gamma-Gamma, the `fitMs` of `kairos intent
// --json`) in Node beside SciPy's L-BFGS-B on the same two likelihoods, wall
// and CPU time: on a shared machine the CPU figure is the one to compare.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from '@/lib/build/chromium';
import { createNodeEngine } from '@/lib/analytics/duckdb-node';
import { fitBgNbd, type BgNbdCustomer } from '@/lib/intent/bgnbd';
import { fitGammaGamma } from '@/lib/intent/gamma-gamma';
import { customerSummaries } from '@/lib/intent/customer-summary';
import { startHarnessServer } from '../fixtures/harness-server';
import { cdnowMasterFile, sharedDataSkipReason } from '../fixtures/shared-data';
import type { WorkerFitResult } from './intent-bench-page';
import { generatedSummary } from './intent-data';
import type { BenchRow } from './report';

const generatedCount = Number(process.env.KAIROS_BENCH_INTENT_CUSTOMERS ?? 1_000_000);
const cdnowMapping = { customer: 'customer_id', time: 'date', amount: 'dollar_value' };
const calibrationEnd = '1997-09-30';

interface PeerFit {
  fitMs: number;
  logLikelihood: number;
  /** SciPy's L-BFGS-B on the same likelihoods (the script's second peer). */
  lbfgsb?: { fitMs: number; cpuMs: number; logLikelihood: number };
  gammaGamma?: { fitMs: number; cpuMs: number; logLikelihood: number };
}

interface IntentFit {
  wallMs: number;
  cpuMs: number;
  bgnbd: number;
  gammaGamma: number;
}

/** BG/NBD + Gamma-Gamma as intentReport runs them (its fitMs), wall and CPU time of this process. */
function intentFit(customers: readonly (BgNbdCustomer & { meanSpend: number | null })[]): IntentFit {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const bgnbd = fitBgNbd(customers).logLikelihood;
  const gammaGamma = fitGammaGamma(customers).logLikelihood;
  const wallMs = performance.now() - started;
  const { user, system } = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (user + system) / 1000, bgnbd, gammaGamma };
}

function nodeFit(customers: readonly BgNbdCustomer[]): PeerFit {
  const started = performance.now();
  const fit = fitBgNbd(customers);
  return { fitMs: performance.now() - started, logLikelihood: fit.logLikelihood };
}

/** The scipy peer, or why it could not run. */
function scipyFit(customers: readonly (BgNbdCustomer & { meanSpend?: number | null })[]): PeerFit | string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kairos-bgnbd-'));
  try {
    const csv = path.join(dir, 'summary.csv');
    const withSpend = customers.some((c) => c.meanSpend != null);
    const line = (c: (typeof customers)[number]) =>
      withSpend ? `${c.x},${c.tx},${c.T},${c.meanSpend ?? 0}` : `${c.x},${c.tx},${c.T}`;
    writeFileSync(csv, [withSpend ? 'x,t_x,T,mean_spend' : 'x,t_x,T', ...customers.map(line)].join('\n'));
    const run = spawnSync('python3', [path.resolve('tests/bench/bgnbd_scipy.py'), csv], { encoding: 'utf8' });
    if (run.status !== 0) return (run.stderr || run.error?.message || 'python3 failed').trim().split('\n').pop() ?? '';
    return JSON.parse(run.stdout) as PeerFit;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ll = (value: number) => value.toFixed(2);

export async function intentBench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const skip = sharedDataSkipReason(cdnowMasterFile);
  const server = await startHarnessServer(path.resolve('tests/bench/intent-bench-page.ts'));
  const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(15 * 60_000);
    await page.goto(server.url);
    await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
    type Bench = {
      fitFile(n: string, b64: string, m: unknown, end: string): Promise<WorkerFitResult>;
      fitGenerated(count: number): PeerFit;
    };

    console.log('\nBG/NBD fitting (ms; log-likelihoods must agree)');
    if (skip) console.log(`  CDNOW_master ${skip}`);
    else {
      const base64 = readFileSync(cdnowMasterFile).toString('base64');
      const ours = await page.evaluate(
        ([b64, mapping, end]) =>
          (window as unknown as { kairosIntentBench: Bench }).kairosIntentBench.fitFile(
            'CDNOW_master.txt',
            b64,
            mapping,
            end,
          ),
        [base64, cdnowMapping, calibrationEnd] as const,
      );
      const engine = await createNodeEngine();
      await engine.loadFile({
        file: { name: 'CDNOW_master.txt', bytes: new Uint8Array(readFileSync(cdnowMasterFile)) },
        mapping: cdnowMapping,
      });
      const summaries = await customerSummaries(engine, calibrationEnd);
      await engine.close();
      // The first fit in this process is what `kairos intent --json` pays; then warm ones.
      const cold = intentFit(summaries);
      const warmFits = Array.from({ length: 5 }, () => intentFit(summaries));
      const middle = (pick: (fit: IntentFit) => number) =>
        [...warmFits.map(pick)].sort((a, b) => a - b)[Math.floor(warmFits.length / 2)] ?? 0;
      const node = nodeFit(summaries);
      const scipy = scipyFit(summaries);
      console.log(
        `  CDNOW_master, ${ours.customers} customers: worker load ${ours.loadMs.toFixed(0)}, intent call ${ours.intentMs.toFixed(0)} ` +
          `(fit ${ours.fitMs.toFixed(0)}, LL ${ll(ours.logLikelihood)}); Node fit ${node.fitMs.toFixed(0)} (LL ${ll(node.logLikelihood)}); ` +
          (typeof scipy === 'string'
            ? `scipy peer unavailable: ${scipy}`
            : `scipy Nelder–Mead ${scipy.fitMs.toFixed(0)} (LL ${ll(scipy.logLikelihood)})`),
      );
      const lbfgsb = typeof scipy === 'string' ? undefined : scipy.lbfgsb;
      const spend = typeof scipy === 'string' ? undefined : scipy.gammaGamma;
      const both = lbfgsb && spend && { fitMs: lbfgsb.fitMs + spend.fitMs, cpuMs: lbfgsb.cpuMs + spend.cpuMs };
      console.log(
        `  intent fit (BG/NBD + Gamma-Gamma) in Node: first ${cold.wallMs.toFixed(0)} ms wall, ${cold.cpuMs.toFixed(0)} ms CPU; ` +
          `warm ${middle((f) => f.wallMs).toFixed(0)} wall, ${middle((f) => f.cpuMs).toFixed(0)} CPU ` +
          `(LL ${ll(cold.bgnbd)} and ${ll(cold.gammaGamma)}); ` +
          (lbfgsb && spend
            ? `scipy L-BFGS-B ${lbfgsb.fitMs.toFixed(0)} + ${spend.fitMs.toFixed(0)} ms wall, ${(lbfgsb.cpuMs + spend.cpuMs).toFixed(0)} CPU ` +
              `(LL ${ll(lbfgsb.logLikelihood)} and ${ll(spend.logLikelihood)})`
            : 'scipy L-BFGS-B peer unavailable'),
      );
      rows.push({
        name: 'Intent fit on CDNOW_master, BG/NBD + Gamma-Gamma (the fitMs of `kairos intent --json`), first call in the process, wall',
        unit: 'ms',
        ours: { label: 'lib/intent in Node: BFGS on the written-out gradients, grouped customers', value: cold.wallMs },
        peer: { label: 'SciPy L-BFGS-B on the same likelihoods (python3)', value: both?.fitMs },
      });
      rows.push({
        name: 'The same fits, CPU time (the figure to compare on a shared machine)',
        unit: 'ms',
        ours: { label: 'lib/intent in Node, first call', value: cold.cpuMs },
        peer: { label: 'SciPy L-BFGS-B (python3)', value: both?.cpuMs },
      });
      rows.push({
        name: 'The same fits, warm (median of 5 further calls in the process), CPU time',
        unit: 'ms',
        ours: { label: 'lib/intent in Node', value: middle((f) => f.cpuMs) },
        peer: { label: 'SciPy L-BFGS-B (python3, one run)', value: both?.cpuMs },
      });
      rows.push({
        name: `BG/NBD fit, CDNOW_master (${ours.customers.toLocaleString('en')} customers), in the browser worker vs Node`,
        unit: 'ms',
        ours: { label: 'lib/intent in the analytics worker (Chromium)', value: ours.fitMs },
        peer: { label: 'lib/intent in Node', value: node.fitMs },
      });
      rows.push({
        name: 'Whole intent call on CDNOW_master (DuckDB summary + fits + holdout + tiers), worker',
        unit: 'ms',
        ours: { label: 'engine.intent() in the analytics worker', value: ours.intentMs },
        peer: {
          label: 'lifetimes-style scipy fit alone (python3)',
          value: typeof scipy === 'string' ? undefined : scipy.fitMs,
        },
      });
      if (typeof scipy !== 'string') {
        rows.push({
          name: 'BG/NBD fit, CDNOW_master: ours (worker) vs the lifetimes method (NumPy + SciPy Nelder–Mead)',
          unit: 'ms',
          ours: { label: 'lib/intent in the analytics worker (Chromium)', value: ours.fitMs },
          peer: { label: 'NumPy/SciPy Nelder–Mead (python3)', value: scipy.fitMs },
        });
      }
    }

    const generated = generatedSummary(generatedCount);
    const ours = await page.evaluate(
      (count) => (window as unknown as { kairosIntentBench: Bench }).kairosIntentBench.fitGenerated(count),
      generatedCount,
    );
    const node = nodeFit(generated);
    const scipy = scipyFit(generated);
    const label = `${(generatedCount / 1e6).toString()}M`;
    console.log(
      `  generated ${label} customers: Chromium fit ${ours.fitMs.toFixed(0)} (LL ${ll(ours.logLikelihood)}); Node fit ${node.fitMs.toFixed(0)} ` +
        `(LL ${ll(node.logLikelihood)}); ` +
        (typeof scipy === 'string'
          ? `scipy peer unavailable: ${scipy}`
          : `scipy Nelder–Mead ${scipy.fitMs.toFixed(0)} (LL ${ll(scipy.logLikelihood)})`),
    );
    rows.push({
      name: `BG/NBD fit, generated ${label}-customer summary, Chromium vs Node`,
      unit: 'ms',
      ours: { label: 'lib/intent in Chromium (page)', value: ours.fitMs },
      peer: { label: 'lib/intent in Node', value: node.fitMs },
    });
    rows.push({
      name: `BG/NBD fit, generated ${label}-customer summary: ours vs the lifetimes method`,
      unit: 'ms',
      ours: { label: 'lib/intent in Chromium (page)', value: ours.fitMs },
      peer: { label: 'NumPy/SciPy Nelder–Mead (python3)', value: typeof scipy === 'string' ? undefined : scipy.fitMs },
    });
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}
