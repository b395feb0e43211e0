// BG/NBD through the product's pipeline (file loader, purchases table, the
// summary SQL, the fit) against Fader, Hardie & Lee (2005) on the CDNOW
// sample, and the summary rules on a small file whose answers are known.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DuckDbEngine } from '@/lib/analytics/duckdb-engine';
import { createNodeEngine } from '@/lib/analytics/duckdb-node';
import { expectedPurchases, fitBgNbd, probabilityAlive } from '@/lib/intent/bgnbd';
import { customerSummaries, parseCalibrationEnd } from '@/lib/intent/customer-summary';
import { fitGammaGamma } from '@/lib/intent/gamma-gamma';
import { intentCutPoints, intentTier } from '@/lib/intent/intent-tiers';
import { cdnowMasterFile, cdnowSampleFile, sharedDataSkipReason } from '../fixtures/shared-data';

const text = (name: string, body: string, header = true) => ({
  name,
  bytes: new TextEncoder().encode(body),
  ...(!header && { header }),
});
const file = (name: string, header = true) => ({
  name: path.basename(name),
  bytes: new Uint8Array(readFileSync(name)),
  ...(!header && { header }),
});

let engine: DuckDbEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

describe('per-customer summary (x, t_x, T in weeks)', () => {
  test('same-day purchases are one, the calibration end day is in, later purchases and customers are out', async () => {
    // No header line, whitespace-separated like CDNOW_sample.txt.
    const preview = await engine.attachFile({
      file: text(
        'tiny.txt',
        [
          ' a 20240101 10',
          ' a 20240101 5',
          ' a 20240115 20',
          ' a 20240129 30',
          ' a 20240205 99', // after the calibration end
          ' b 20240108 7',
          ' c 20240201 1', // first purchase after the end: excluded
        ].join('\n'),
        false,
      ),
    });
    expect(preview.columns.map((c) => c.name)).toEqual(['column0', 'column1', 'column2']);
    await engine.loadFile({ mapping: { customer: 'column0', time: 'column1', amount: 'column2' } });
    expect(await customerSummaries(engine, '2024-01-29')).toEqual([
      { customer: 'a', customerKey: expect.any(Number), x: 2, tx: 4, T: 4, meanSpend: 25 },
      { customer: 'b', customerKey: expect.any(Number), x: 0, tx: 0, T: 3, meanSpend: null },
    ]);
  });

  test('the calibration end must be a real date', () => {
    expect(parseCalibrationEnd('1997-09-30')).toBe(Date.UTC(1997, 8, 30));
    expect(() => parseCalibrationEnd('1997-02-30')).toThrow(/YYYY-MM-DD/);
    expect(() => parseCalibrationEnd("1997-09-30'; DROP TABLE events; --")).toThrow(/YYYY-MM-DD/);
  });

  test('intent tiers: terciles, tied values share a tier', () => {
    const cuts = intentCutPoints([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    expect(cuts).toEqual({ high: 0.5, medium: 0.3 });
    expect([0.6, 0.5, 0.45, 0.3, 0.1].map((v) => intentTier(v, cuts))).toEqual([
      'high',
      'high',
      'medium',
      'medium',
      'low',
    ]);
    expect(intentCutPoints([1, 1, 1, 2])).toEqual({ high: 1, medium: 1 });
  });
});

const skip = sharedDataSkipReason(cdnowSampleFile, cdnowMasterFile);
if (skip) console.warn(`intent-bgnbd.test.ts ${skip}`);

describe.skipIf(skip !== undefined)('CDNOW: Fader, Hardie & Lee (2005)', () => {
  test('the sample reproduces r 0.243, alpha 4.414, a 0.793, b 2.426, LL −9582.4', async () => {
    await engine.loadFile({
      file: file(cdnowSampleFile, false),
      mapping: { customer: 'column0', time: 'column2', amount: 'column4' },
    });
    const customers = await customerSummaries(engine, '1997-09-30');
    expect(customers).toHaveLength(2_357);
    expect(customers.reduce((sum, c) => sum + c.x, 0)).toBe(2_457);
    // A customer who first bought on 1997-01-01: T = 272 days.
    expect(customers[0]).toMatchObject({ customer: '00004', x: 2, T: 272 / 7, tx: 213 / 7 });

    const started = performance.now();
    const fit = fitBgNbd(customers);
    console.log(`CDNOW sample: BG/NBD fitted in ${(performance.now() - started).toFixed(0)} ms`, fit);
    const { r, alpha, a, b } = fit.parameters;
    expect(fit.converged).toBe(true);
    expect(r.toFixed(3)).toBe('0.243');
    expect(alpha.toFixed(3)).toBe('4.414');
    expect(a.toFixed(3)).toBe('0.793');
    expect(b.toFixed(3)).toBe('2.426');
    expect(fit.logLikelihood.toFixed(1)).toBe('-9582.4');

    // Customer 00004: P(alive) and E[purchases in the next 39 weeks] by eqs. 9 and 10.
    const first = customers[0];
    if (!first) throw new Error('no customers');
    expect(probabilityAlive(fit.parameters, first)).toBeCloseTo(0.7266, 3);
    expect(expectedPurchases(fit.parameters, first, 39)).toBeCloseTo(1.226, 2);

    // Gamma-Gamma on the 946 repeat customers (Fader & Hardie's note: p 6.25, q 3.74, γ 15.44).
    const spend = fitGammaGamma(customers);
    expect(spend.customers).toBe(946);
    expect(spend.parameters.p.toFixed(2)).toBe('6.25');
    expect(spend.parameters.q.toFixed(2)).toBe('3.74');
    expect(spend.parameters.gamma.toFixed(2)).toBe('15.44');
  });

  // Its speed is measured by `npm run bench -- intent`, not asserted here (shared, noisy machines).
  test('the master file (23,570 customers) fits and converges', async () => {
    await engine.loadFile({
      file: file(cdnowMasterFile),
      mapping: { customer: 'customer_id', time: 'date', amount: 'dollar_value' },
    });
    const customers = await customerSummaries(engine, '1997-09-30');
    expect(customers).toHaveLength(23_570);
    const started = performance.now();
    const fit = fitBgNbd(customers);
    const ms = performance.now() - started;
    console.log(`CDNOW master: BG/NBD fitted in ${ms.toFixed(0)} ms`, fit);
    expect(fit.converged).toBe(true);
    // The maximum SciPy's Nelder–Mead reaches on the same summaries (tests/bench/bgnbd_scipy.py).
    expect(fit.logLikelihood).toBeCloseTo(-95_368.44, 1);
  });
});
