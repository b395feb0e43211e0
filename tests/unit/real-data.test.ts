// Real data: UCI Online Retail (Parquet) and CDNOW (whitespace text) load,
// clean and segment; the figures are written down here and in docs/console.md ("From the command line").
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DuckDbEngine } from '@/lib/analytics/duckdb-engine';
import { createNodeEngine } from '@/lib/analytics/duckdb-node';
import { scoreValues } from '@/lib/segments/rfm-score';
import { cdnowMasterFile, onlineRetailFile, onlineRetailMapping, sharedDataSkipReason } from '../fixtures/shared-data';

const skip = sharedDataSkipReason(onlineRetailFile, cdnowMasterFile);
if (skip) console.warn(`real-data.test.ts ${skip}`);

const file = (name: string) => ({ name: path.basename(name), bytes: new Uint8Array(readFileSync(name)) });

describe.skipIf(skip !== undefined)('real data sets', () => {
  let engine: DuckDbEngine;
  beforeAll(async () => {
    engine = await createNodeEngine();
  });
  afterAll(() => engine.close());

  test('Online Retail: 4,338 customers, 18,532 invoices, revenue 8,911,407.90 after cleaning', async () => {
    const preview = await engine.attachFile({ file: file(onlineRetailFile) });
    expect(preview.rows).toBe(541_909);
    const summary = await engine.loadFile({ mapping: onlineRetailMapping });
    expect(summary).toMatchObject({ rows: 397_884, customers: 4_338, purchases: 18_532 });
    expect(summary.revenue).toBeCloseTo(8_911_407.904, 2);
    expect(new Date(summary.firstEventAt ?? 0).toISOString()).toBe('2010-12-01T08:26:00.000Z');
    expect(new Date(summary.lastEventAt ?? 0).toISOString()).toBe('2011-12-09T12:50:00.000Z');

    const report = await engine.rfm({});
    expect(new Date(report.model.asOf).toISOString()).toBe('2011-12-10T00:00:00.000Z');
    expect(report.customers).toBe(4_338);
    expect(report.revenue).toBeCloseTo(8_911_407.9, 1);
    expect(report.model.cutPoints).toEqual({
      recencyDays: [12, 32, 71, 179],
      frequency: [1, 2, 3, 6],
      monetaryCents: [25_015, 49_022, 94_226, 205_945],
    });
    const bySegment = Object.fromEntries(report.segments.map((s) => [s.segment, s.customers]));
    expect(bySegment).toEqual({
      champions: 604,
      loyal: 688,
      'potential loyalists': 484,
      'new customers': 67,
      promising: 169,
      'need attention': 121,
      'about to sleep': 478,
      'at risk': 357,
      'cannot lose them': 35,
      hibernating: 1_335,
    });
    // A device given the published model scores every customer as the engine did.
    const model = JSON.parse(JSON.stringify(report.model)) as typeof report.model;
    for (const row of await engine.rfmCustomers({})) {
      const device = scoreValues(
        { recencyDays: row.recency, frequency: row.frequency, monetaryCents: Math.round(row.monetary * 100) },
        model,
      );
      expect([device.r, device.f, device.m, device.segment]).toEqual([row.r, row.f, row.m, row.segment]);
    }
  });

  test('CDNOW master: 69,659 purchases by 23,570 customers, 1997-01-01 .. 1998-06-30', async () => {
    const summary = await engine.loadFile({
      file: file(cdnowMasterFile),
      mapping: { customer: 'customer_id', time: 'date', amount: 'dollar_value' },
    });
    expect(summary).toMatchObject({ rows: 69_659, customers: 23_570, purchases: 69_659 });
    expect(summary.revenue).toBeCloseTo(2_500_315.63, 1);
    expect(summary.firstEventAt).toBe(Date.UTC(1997, 0, 1));
    expect(summary.lastEventAt).toBe(Date.UTC(1998, 5, 30));
    const report = await engine.rfm({});
    expect(report.customers).toBe(23_570);
    expect(report.grid.flat().reduce((a, b) => a + b, 0)).toBe(23_570);
    expect(report.segments.find((s) => s.segment === 'champions')?.customers).toBe(4_151);
    expect(report.segments.find((s) => s.segment === 'hibernating')?.customers).toBe(8_430);
  });
});
