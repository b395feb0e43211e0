// The shared engine suite (tests/fixtures/engine-cases.ts) against the Node
// engine; tests/e2e/analytics-worker.spec.ts runs the same cases in Chromium.
import { afterAll, beforeAll, describe, test } from 'vitest';
import type { DuckDbEngine } from '@/lib/analytics/duckdb-engine';
import { createNodeEngine } from '@/lib/analytics/duckdb-node';
import { engineCases } from '../fixtures/engine-cases';
import { parquetFixture } from '../fixtures/parquet-fixture';

let engine: DuckDbEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

describe('analytics engine (DuckDB-WASM, Node build)', () => {
  const fixtures = { parquet: parquetFixture() };
  for (const engineCase of engineCases) test(engineCase.name, () => engineCase.run(engine, fixtures));
});
