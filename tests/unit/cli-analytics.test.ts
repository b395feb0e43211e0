// `kairos rfm` and `kairos query` as a user runs them: a separate process.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { onlineRetailFile, onlineRetailMapping, sharedDataSkipReason } from '../fixtures/shared-data';
import { runKairos } from '../fixtures/kairos-cli';

const dir = mkdtempSync(path.join(tmpdir(), 'kairos-rfm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const kairos = (...args: string[]) => runKairos(args);

const orders = path.join(dir, 'orders.csv');
writeFileSync(
  orders,
  [
    'client,day,total,invoice',
    'a,2024-01-01,10,i1',
    'a,2024-01-01,5,i1',
    'a,2024-03-01,20,i2',
    'b,2024-02-01,7.5,i3',
    'c,2024-03-15,1,i4',
  ].join('\n'),
);

describe('npm run kairos -- rfm / query', () => {
  it('prints the segment table and writes per-customer rows', () => {
    const out = path.join(dir, 'customers.csv');
    const run = kairos(
      'rfm',
      orders,
      '--customer',
      'client',
      '--time',
      'day',
      '--amount',
      'total',
      '--order',
      'invoice',
      '--out',
      out,
    );
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/5 rows, 3 customers, 4 purchases, revenue 43\.50/);
    expect(run.out).toMatch(/RFM as of 2024-03-16/);
    expect(run.out).toMatch(/^champions\s+\d+/m);
    expect(readFileSync(out, 'utf8').split('\n').slice(0, 2)).toEqual([
      'customer,recency,frequency,monetary,r,f,m,segment',
      expect.stringMatching(/^a,15,2,35,\d,\d,\d,[a-z ]+$/),
    ]);
  });

  it('prints JSON with --json and takes --as-of and --where', () => {
    const run = kairos(
      'rfm',
      orders,
      '--customer',
      'client',
      '--time',
      'day',
      '--amount',
      'total * 2',
      '--where',
      "client <> 'c'",
      '--as-of',
      '2024-04-01',
      '--json',
    );
    expect(run.code, run.out).toBe(0);
    const report = JSON.parse(run.out.slice(run.out.indexOf('{'))) as {
      customers: number;
      revenue: number;
      model: { asOf: number };
    };
    expect(report).toMatchObject({ customers: 2, revenue: 85, model: { asOf: Date.UTC(2024, 3, 1) } });
  });

  it('runs SQL over a file', () => {
    const run = kairos(
      'query',
      orders,
      'SELECT client, sum(total) AS total FROM data GROUP BY client ORDER BY client',
      '--json',
    );
    expect(run.code, run.out).toBe(0);
    expect(JSON.parse(run.out.slice(run.out.indexOf('[')))).toEqual([
      { client: 'a', total: 35 },
      { client: 'b', total: 7.5 },
      { client: 'c', total: 1 },
    ]);
  });

  it('explains a missing column', () => {
    const run = kairos('rfm', orders, '--customer', 'nobody', '--time', 'day');
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/no column "nobody"/);
  });

  // Injected failures: a file that does not exist, and SQL the parser rejects.
  it('names a missing file once, with no engine noise', () => {
    const run = kairos('query', path.join(dir, 'no-such.csv'), 'SELECT 1');
    expect(run.code).toBe(1);
    expect(run.out.trim()).toBe(`kairos: No such file: ${path.join(dir, 'no-such.csv')}`);
  });

  it('shows a SQL syntax error as text, not as JSON', () => {
    const run = kairos('query', orders, 'SELEC 1');
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/kairos: Parser Error: syntax error at or near "SELEC"/);
    expect(run.out).not.toContain('exception_type');
  });

  const skip = sharedDataSkipReason(onlineRetailFile);
  it.skipIf(skip !== undefined)(`expresses the Online Retail cleaning with flags${skip ? ` (${skip})` : ''}`, () => {
    const m = onlineRetailMapping;
    const run = kairos(
      'rfm',
      onlineRetailFile,
      '--customer',
      m.customer,
      '--time',
      m.time,
      '--amount',
      m.amount,
      '--order',
      m.order,
      '--where',
      m.where,
    );
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/397,884 rows, 4,338 customers, 18,532 purchases, revenue 8,911,407\.90/);
  });
});
