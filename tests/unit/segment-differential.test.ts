// Differential test: random segment trees over random datasets, evaluated by
// the SQL compiler in the console's DuckDB-WASM, by the same compiler in the
// server's native DuckDB over lake files of the same events (where campaign
// audiences are computed), and by the JS predicate over profiles built from
// the same events. All must select exactly the same visitors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AudienceEngine } from '@/lib/audience/audience-engine';
import type { DuckDbEngine } from '@/lib/analytics/duckdb-engine';
import { defaultIntentCutPoints } from '@/lib/analytics/segment-calls';
import { createNodeEngine } from '@/lib/analytics/duckdb-node';
import { parseSegmentTree } from '@/lib/contracts/segment';
import { Random } from '@/lib/demo/random';
import { compilePredicate } from '@/lib/segments/predicate';
import { buildProfiles } from '@/lib/segments/profile';
import { writeLakeFiles } from '../fixtures/lake-files';
import { fuzzAsOf, fuzzDataset, fuzzTree } from '../fixtures/segment-fuzz';

const datasets = 12;
const treesPerDataset = 100;

let engine: DuckDbEngine;
let server: AudienceEngine;
const lakeDirs: string[] = [];
beforeAll(async () => {
  engine = await createNodeEngine();
  server = await AudienceEngine.open({ path: ':memory:', memoryLimit: '512MB', threads: 1 });
});
afterAll(async () => {
  await Promise.all([engine.close(), server.close()]);
  for (const dir of lakeDirs) rmSync(dir, { recursive: true, force: true });
});

/** The dataset as the server holds it: lake files, and the server's engine synced to them. */
async function serverWith(events: Parameters<typeof writeLakeFiles>[1]): Promise<AudienceEngine> {
  const lakeDir = mkdtempSync(path.join(tmpdir(), 'kairos-lake-'));
  lakeDirs.push(lakeDir);
  await server.refresh(lakeDir, writeLakeFiles(lakeDir, events));
  return server;
}

describe('SQL compiler and JS predicate select the same visitors', () => {
  for (let seed = 1; seed <= datasets; seed++) {
    test(`dataset ${seed}: ${treesPerDataset} random trees`, async () => {
      const events = fuzzDataset(seed);
      await engine.loadEvents({ events });
      const profiles = [...buildProfiles(events).values()];
      const { model } = await engine.rfm({ asOf: fuzzAsOf });
      // Half the datasets place visitors in intent tiers with a fitted BG/NBD model (engine: the
      // intent_scores table; device: its own expected purchases), the other half by the intentScore trait.
      const withModel = seed % 2 === 0;
      // The server places visitors in tiers by the intentScore trait (it keeps no fit), so it joins the other half.
      const onServer = withModel ? undefined : await serverWith(events);
      const intentModel = withModel
        ? (await engine.intent({ calibrationEnd: new Date(fuzzAsOf).toISOString().slice(0, 10), horizonDays: 30 }))
            .model
        : null;
      const context = { asOf: fuzzAsOf, rfm: model, intent: defaultIntentCutPoints, intentModel };
      const rng = new Random(seed, 99);
      let nonTrivial = 0;
      for (let i = 0; i < treesPerDataset; i++) {
        // Through the contract's parser, as a stored definition would be.
        const tree = parseSegmentTree(JSON.parse(JSON.stringify(fuzzTree(rng))));
        const sql = await engine.segmentMembers({ tree, asOf: fuzzAsOf });
        const predicate = compilePredicate(tree);
        const js = profiles
          .filter((profile) => predicate(profile, context))
          .map((p) => p.customer)
          .sort();
        if (js.length > 0 && js.length < profiles.length) nonTrivial++;
        expect(sql.sort(), JSON.stringify(tree)).toEqual(js);
        if (onServer) expect((await onServer.segmentMembers({ tree, asOf: fuzzAsOf })).sort(), 'server').toEqual(js);
      }
      // The generator must exercise real selections, not only all-or-nothing.
      expect(nonTrivial).toBeGreaterThan(treesPerDataset / 4);
    });
  }
});
