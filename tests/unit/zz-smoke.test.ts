import { expect, test } from 'vitest';
import { createNodeEngine } from '@/lib/analytics/duckdb-node';
import { generateDemo } from '@/lib/demo';

test('smoke', async () => {
  const engine = await createNodeEngine();
  const demo = generateDemo({ visitors: 300, seed: 7, end: new Date('2026-06-30T00:00:00Z') });
  const t0 = performance.now();
  const summary = await engine.loadEvents({ events: demo.events });
  console.log(summary, performance.now() - t0);
  const report = await engine.rfm({});
  console.log(JSON.stringify(report.model), report.segments, report.grid);
  console.log(await engine.query({ sql: 'select * from visitors limit 3' }));
  console.log(await engine.query({ sql: 'select * from visitor_traits limit 5' }));
  console.log(await engine.segmentCount({ tree: { kind: 'technographic', field: 'device', op: 'in', values: ['mobile'] } }));
  expect(summary.rows).toBe(demo.events.length);
});
