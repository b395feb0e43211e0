// `npm run bench -- fuzz`: the hostile-input property of the unit suite
// (tests/fixtures/input-fuzz.ts) for many more cases, on PGlite and on
// PostgreSQL when KAIROS_BENCH_DATABASE_URL or KAIROS_TEST_DATABASE_URL is
// set. A failing case throws with fast-check's smallest counterexample. The
// figures beside it: what the text rule costs the collector, hostile batches
// against valid ones through the same handler.
import fc from 'fast-check';
import { storableJson } from '@/lib/contracts/storable-json';
import { fuzzCollector, fuzzSubscribe, hostileBatch } from '../fixtures/input-fuzz';
import { collectBody, postText, trackerEvent } from '../fixtures/route-calls';
import { serverStorage, storageBackends } from '../fixtures/storage-backends';
import type { BenchRow } from './report';

const cases = Number(process.env.KAIROS_FUZZ_CASES ?? 3_000);

async function requestsPerSecond(bodies: string[], send: (body: string) => Promise<Response>) {
  const started = performance.now();
  for (const body of bodies) await (await send(body)).arrayBuffer();
  return bodies.length / ((performance.now() - started) / 1000);
}

export async function fuzzBench(): Promise<BenchRow[]> {
  process.env.KAIROS_COLLECT_RATE_LIMIT = '10000000';
  process.env.KAIROS_SUBSCRIBE_RATE_LIMIT = '10000000';
  process.env.KAIROS_ALLOW_LOCAL_PUSH_ENDPOINTS = '1';
  process.env.KAIROS_TEST_DATABASE_URL ??= process.env.KAIROS_BENCH_DATABASE_URL;
  const collect = (await import('@/app/api/collect/route')).POST;
  const subscribe = (await import('@/app/api/push/subscribe/route')).POST;
  const rows: BenchRow[] = [];
  for (const backend of storageBackends.filter((candidate) => !candidate.skip)) {
    const storage = await serverStorage(backend);
    try {
      const started = performance.now();
      await fuzzCollector(storage.handle, collect, cases);
      await fuzzSubscribe(subscribe, Math.ceil(cases / 3));
      const seconds = (performance.now() - started) / 1000;
      rows.push({
        name: `${backend.name}: hostile cases, each answered 2xx/4xx with CORS and its valid events stored once`,
        unit: 'cases',
        ours: {
          label: `${cases} batches + ${Math.ceil(cases / 3)} subscriptions in ${seconds.toFixed(1)} s, none failed`,
          value: cases + Math.ceil(cases / 3),
        },
        peer: { label: 'no peer figure: a property check, a failure throws', value: undefined },
      });
      const hostile = fc.sample(hostileBatch, 500).map(({ batch }) => collectBody(batch));
      const valid = Array.from({ length: 500 }, () =>
        collectBody(Array.from({ length: 4 }, () => JSON.stringify(trackerEvent()))),
      );
      const send = (body: string) => postText(collect, '/api/collect', body);
      rows.push({
        name: `${backend.name}: collector handler, requests per second`,
        unit: 'req/s',
        ours: {
          label: 'hostile batches (NUL, surrogates, deep nesting, 1e309, __proto__)',
          value: await requestsPerSecond(hostile, send),
        },
        peer: { label: 'valid batches of 4 events, same handler', value: await requestsPerSecond(valid, send) },
      });
    } finally {
      await storage.close();
    }
  }
  rows.push(textRuleCost());
  return rows;
}

/** The text rule's walk over a typical event, beside parsing that event's JSON (which every request pays). */
function textRuleCost(): BenchRow {
  const texts = Array.from({ length: 20_000 }, () =>
    JSON.stringify(trackerEvent({ properties: { query: 'cheap flights to Lisbon', price: 349, tags: ['a', 'b'] } })),
  );
  const parsed = texts.map((text) => JSON.parse(text) as unknown);
  const time = (work: () => void) => {
    const started = performance.now();
    work();
    return ((performance.now() - started) * 1000) / texts.length;
  };
  const walk = time(() => parsed.forEach((event) => storableJson(event)));
  const parse = time(() => texts.forEach((text) => JSON.parse(text)));
  return {
    name: 'the text rule per event (storableJson)',
    unit: 'µs/event',
    ours: { label: 'clean NUL and lone surrogates, bound depth, refuse 1e309 and __proto__', value: walk },
    peer: { label: 'JSON.parse of the same event, the floor every request pays', value: parse },
  };
}
