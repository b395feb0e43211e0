// A fuzz test of the public entries against real storage (PGlite, and
// PostgreSQL when configured): random Unicode with NUL and lone surrogates,
// deep nesting, 1e309 and prototype keys (tests/fixtures/input-fuzz.ts).
// Every input gets a 2xx or 4xx JSON answer with CORS, the valid events are
// stored exactly once, and the routes still answer afterwards. A bounded
// number of cases here; `npm run bench -- fuzz` runs many more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzCollector, fuzzSubscribe } from '../fixtures/input-fuzz';
import { collectBody, postText, trackerEvent } from '../fixtures/route-calls';
import { serverStorage, storageBackends, warnWithoutPostgres } from '../fixtures/storage-backends';

warnWithoutPostgres('input fuzz suite');
process.env.KAIROS_COLLECT_RATE_LIMIT = '100000';
process.env.KAIROS_SUBSCRIBE_RATE_LIMIT = '100000';
process.env.KAIROS_ALLOW_LOCAL_PUSH_ENDPOINTS = '1';
const collect = (await import('@/app/api/collect/route')).POST;
const subscribe = (await import('@/app/api/push/subscribe/route')).POST;

for (const backend of storageBackends) {
  // The PostgreSQL run needs a server (KAIROS_TEST_DATABASE_URL; .ci/run starts one): skipped, with a warning, without.
  describe.skipIf(backend.skip)(`hostile input on ${backend.name}`, () => {
    let storage: Awaited<ReturnType<typeof serverStorage>>;
    beforeAll(async () => {
      storage = await serverStorage(backend);
    });
    afterAll(() => storage?.close());

    it('the collector answers every batch and stores its valid events exactly once', async () => {
      await fuzzCollector(storage.handle, collect, 150);
      const after = await postText(collect, '/api/collect', collectBody([JSON.stringify(trackerEvent())]));
      expect(await after.json()).toMatchObject({ accepted: 1 });
    });

    it('the subscribe route answers every body in the one JSON shape with CORS', async () => {
      await fuzzSubscribe(subscribe, 100);
    });
  });
}
