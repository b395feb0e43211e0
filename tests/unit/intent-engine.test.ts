// The engine's `intent` call as the console makes it: through the worker
// protocol (typed client and dispatcher over a MessageChannel, the Node engine
// behind), on the CDNOW sample with FHL 2005's calibration period. The fit must
// match the paper; the holdout comparison must count the data's repeat
// purchases after the calibration end; a segment's intent tier after the fit
// must use the fit's expected purchases, not the intentScore trait.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { WorkerEngine } from '@/lib/analytics/worker-client';
import { connectWorkerEngine } from '../fixtures/worker-channel';
import { cdnowSampleFile, sharedDataSkipReason } from '../fixtures/shared-data';

let client: WorkerEngine;
let close: () => void;

beforeAll(() => {
  ({ client, close } = connectWorkerEngine());
});
afterAll(() => close());

const text = (name: string, body: string) => ({ name, bytes: new TextEncoder().encode(body) });

describe('intent through the worker protocol', () => {
  test('without a dataset the call fails with a message saying what to do', async () => {
    await client.loadEvents({ events: [] });
    await expect(client.intent({})).rejects.toThrow(/Load a dataset first/);
  });

  test('a bad calibration end or horizon is refused with a clear error', async () => {
    await client.loadFile({ file: text('o.csv', 'c,day\na,2024-01-01\n'), mapping: { customer: 'c', time: 'day' } });
    await expect(client.intent({ calibrationEnd: '2024-13-01' })).rejects.toThrow(/calibration end must be a date/);
    await expect(client.intent({ horizonDays: 0 })).rejects.toThrow(/horizon must be a whole number/);
    await expect(client.intent({ calibrationEnd: '2023-06-30' })).rejects.toThrow(/No purchases on or before/);
  });

  const skip = sharedDataSkipReason(cdnowSampleFile);
  if (skip) console.warn(`intent-engine.test.ts ${skip}`);

  test.skipIf(skip !== undefined)('CDNOW sample: the paper fit, tiers, model, and the holdout figure', async () => {
    await client.loadFile({
      file: { name: 'CDNOW_sample.txt', bytes: new Uint8Array(readFileSync(cdnowSampleFile)), header: false },
      mapping: { customer: 'column0', time: 'column2', amount: 'column4' },
    });
    const phases: string[] = [];
    const report = await client.intent(
      { calibrationEnd: '1997-09-30', horizonDays: 273 },
      { onProgress: (p) => phases.push(p.phase) },
    );
    expect(phases).toEqual(['summarise', 'fit', 'holdout', 'score', 'score']);
    expect(report.customers).toBe(2_357);
    expect(report.repeatPurchases).toBe(2_457);
    const { r, alpha, a, b, logLikelihood } = report.bgnbd;
    expect([r, alpha, a, b].map((v) => v.toFixed(3))).toEqual(['0.243', '4.414', '0.793', '2.426']);
    expect(logLikelihood.toFixed(1)).toBe('-9582.4');
    expect(report.gammaGamma?.customers).toBe(946);

    // Tiers split the customers by their expected purchases at the cut points.
    expect(report.tiers.map((t) => t.tier)).toEqual(['high', 'medium', 'low']);
    expect(report.tiers.reduce((n, t) => n + t.customers, 0)).toBe(2_357);
    expect(report.cutPoints.high).toBeGreaterThan(report.cutPoints.medium);
    expect(report.model).toEqual({
      version: 1,
      asOf: Date.UTC(1997, 8, 30),
      horizonDays: 273,
      unitDays: 7,
      bgnbd: { r, alpha, a, b },
      cutPoints: report.cutPoints,
    });

    // Holdout: weeks 40–78 (1997-10-01 .. 1998-06-30); 1,882 distinct (customer, day) pairs after
    // 1997-09-30 in the file (counted independently: awk '$3>19970930 {k[$1" "$3]=1} END {print length(k)}').
    const holdout = report.holdout;
    if (!holdout) throw new Error('expected a holdout period');
    expect(holdout).toMatchObject({ start: '1997-10-01', end: '1998-06-30', days: 273 });
    expect(holdout.rows.map((row) => row.frequency)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(holdout.rows.reduce((n, row) => n + row.customers, 0)).toBe(2_357);
    expect(holdout.rows[0]?.customers).toBe(1_411);
    expect(holdout.actualTotal).toBe(1_882);
    // The paper's figure: the model tracks the actual means by frequency, a little low overall
    // (measured: 1,653 expected against 1,882 actual, 0.88). A holdout computed on the wrong days, or
    // expectations over the wrong length, moves it far out of this band.
    const ratio = holdout.expectedTotal / holdout.actualTotal;
    expect(ratio).toBeGreaterThan(0.85);
    expect(ratio).toBeLessThan(0.95);
    // More repeat purchases in calibration, more in the holdout (both series rise from 0 to 7+).
    const first = holdout.rows[0];
    const last = holdout.rows[7];
    expect(last && first && last.actual > 5 * first.actual && last.expected > 5 * first.expected).toBe(true);

    // After the fit, the intent condition counts the fit's tiers (CDNOW has no intentScore trait: 0 before).
    const high = await client.segmentCount({ tree: { kind: 'intent', tiers: ['high'] } });
    expect(high).toBe(report.tiers[0]?.customers);
    const some = await client.segmentCount({ tree: { kind: 'intent', tiers: ['medium', 'low'] } });
    expect(some).toBe((report.tiers[1]?.customers ?? 0) + (report.tiers[2]?.customers ?? 0));
    // Cut points given by the caller still test the trait (the old path): no one has it here.
    expect(
      await client.segmentCount({ tree: { kind: 'intent', tiers: ['high'] }, intent: { high: 0.7, medium: 0.4 } }),
    ).toBe(0);
  });
});
