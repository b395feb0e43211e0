// `kairos intent` as a user runs it: a separate process, on a file of
// simulated purchases (always) and on the CDNOW sample (when the real data sets are there: docs/architecture.md#the-real-data-sets).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Random } from '@/lib/demo/random';
import { cdnowSampleFile, sharedDataSkipReason } from '../fixtures/shared-data';
import { runKairos } from '../fixtures/kairos-cli';

const dir = mkdtempSync(path.join(tmpdir(), 'kairos-intent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const kairos = (...args: string[]) => runKairos(args);

// 300 customers buying at their own rate over 2024, some of them stopping.
const orders = path.join(dir, 'orders.csv');
const random = new Random(5);
const lines = ['client,day,total'];
for (let c = 0; c < 300; c += 1) {
  const rate = random.exponential(1 / 20); // purchases per day
  const stopAt = random.chance(0.4) ? random.between(0, 365) : 365;
  for (let t = random.between(0, 120); t < stopAt; t += random.exponential(1 / rate)) {
    const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(t) * 86_400_000).toISOString().slice(0, 10);
    lines.push(`c${c},${day},${random.between(5, 50).toFixed(2)}`);
  }
}
writeFileSync(orders, lines.join('\n'));

describe('npm run kairos -- intent', () => {
  it('prints the fit and the tier table and writes per-customer rows', () => {
    const out = path.join(dir, 'predictions.csv');
    const run = kairos(
      'intent',
      orders,
      '--customer',
      'client',
      '--time',
      'day',
      '--amount',
      'total',
      '--calibration-end',
      '2024-09-30',
      '--horizon-days',
      '60',
      '--out',
      out,
    );
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/^BG\/NBD: r [\d.]+, alpha [\d.]+, a [\d.]+, b [\d.]+; log-likelihood -[\d.]+$/m);
    expect(run.out).toMatch(/^Gamma-Gamma: p [\d.]+/m);
    expect(run.out).toMatch(/next 60 days/);
    expect(run.out).toMatch(/^most likely\s+\d+/m);
    expect(run.out).toMatch(/^least likely\s+\d+/m);
    const [header, ...rows] = readFileSync(out, 'utf8').trim().split('\n');
    expect(header).toBe('customer,x,t_x,T,p_alive,expected_purchases,tier,expected_spend');
    for (const row of rows) {
      expect(row).toMatch(/^c\d+,\d+,[\d.]+,[\d.]+,[01]\.\d{6},[\d.]+,(most|moderately|least) likely,[\d.]+$/);
    }
  });

  it('refuses a missing or impossible calibration end', () => {
    const missing = kairos('intent', orders, '--customer', 'client', '--time', 'day');
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/--calibration-end/);
    const wrong = kairos('intent', orders, '--customer', 'client', '--time', 'day', '--calibration-end', '2024-02-31');
    expect(wrong.code).toBe(1);
    expect(wrong.out).toMatch(/YYYY-MM-DD/);
  });

  const skip = sharedDataSkipReason(cdnowSampleFile);
  it.skipIf(skip !== undefined)(`--json on the CDNOW sample gives the paper's estimates ${skip ?? ''}`, () => {
    const run = kairos(
      'intent',
      cdnowSampleFile,
      '--no-header',
      '--customer',
      'column0',
      '--time',
      'column2',
      '--calibration-end',
      '1997-09-30',
      '--horizon-days',
      '273',
      '--json',
    );
    expect(run.code, run.out).toBe(0);
    const result = JSON.parse(run.stdout) as {
      customers: number;
      bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number };
      gammaGamma: unknown;
      cutPoints: { high: number; medium: number };
      tiers: { tier: string; customers: number }[];
    };
    expect(result.customers).toBe(2_357);
    const { r, alpha, a, b, logLikelihood } = result.bgnbd;
    expect([r, alpha, a, b].map((v) => v.toFixed(3))).toEqual(['0.243', '4.414', '0.793', '2.426']);
    expect(logLikelihood.toFixed(1)).toBe('-9582.4');
    expect(result.gammaGamma).toBeNull();
    expect(result.cutPoints.high).toBeGreaterThan(result.cutPoints.medium);
    expect(result.tiers.map((t) => t.tier)).toEqual(['high', 'medium', 'low']);
    expect(result.tiers.reduce((n, t) => n + t.customers, 0)).toBe(2_357);
  });
});
