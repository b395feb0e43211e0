// Differential test: random segment trees over random datasets, evaluated by
// the SQL compiler in DuckDB and by the JS predicate over profiles built from
// the same events. Both must select exactly the same visitors.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DuckDbEngine } from '@/lib/analytics/duckdb-engine';
import { defaultIntentCutPoints } from '@/lib/analytics/segment-calls';
import { createNodeEngine } from '@/lib/analytics/duckdb-node';
import { parseSegmentTree } from '@/lib/contracts/segment';
import { Random } from '@/lib/demo/random';
import { compilePredicate } from '@/lib/segments/predicate';
import { buildProfiles } from '@/lib/segments/profile';
import { fuzzAsOf, fuzzDataset, fuzzTree } from '../fixtures/segment-fuzz';

const datasets = 12;
const treesPerDataset = 100;

let engine: DuckDbEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(() => engine.close());

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
      }
      // The generator must exercise real selections, not only all-or-nothing.
      expect(nonTrivial).toBeGreaterThan(treesPerDataset / 4);
    });
  }
});
