// The console's data path: the event lake (compacted Parquet files, fetched
// once and cached for good, plus a small tail) against today's full export
// (every event as an Arrow stream on every load), both over loopback HTTP from
// the same server process holding the same N events, measured in one run.
// KAIROS_BENCH_LAKE_EVENTS sets N (default 1,000,000; 10,000,000 for the big run).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { type LakeManifest, lakeRoutes } from '@/lib/contracts/lake';
import type { BenchRow } from './report';

const storedEvents = Number(process.env.KAIROS_BENCH_LAKE_EVENTS ?? 1_000_000);

/** Bytes of a body read to its end, and the seconds it took. */
async function download(url: string, cookie: string): Promise<{ bytes: number; seconds: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie } });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  let bytes = 0;
  const reader = response.body?.getReader();
  for (let next = await reader?.read(); next && !next.done; next = await reader?.read()) bytes += next.value.byteLength;
  return { bytes, seconds: (performance.now() - started) / 1000 };
}

export async function dataPathBench(): Promise<BenchRow[]> {
  const server = spawn(
    process.execPath,
    ['--conditions=react-server', '--import', 'tsx', 'tests/bench/data-path-server.ts', String(storedEvents)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      // Every stored event is tail: the manifest compacts it all first, in the route, as a server would.
      env: { ...process.env, DATABASE_URL: '', KAIROS_LAKE_MANIFEST_TAIL: '1', KAIROS_LAKE: 'off' },
    },
  );
  try {
    const line = await Promise.race([
      once(createInterface({ input: server.stdout }), 'line').then(([first]) => first as string),
      once(server, 'exit').then(() => Promise.reject(new Error('the data-path server exited'))),
    ]);
    const { url, cookie } = JSON.parse(line) as { url: string; cookie: string };
    const peakRss = async () =>
      ((await (await fetch(`${url}/bench/peak`)).json()) as { peakRss: number }).peakRss / 2 ** 20;
    const seededPeak = await peakRss();

    const compactStarted = performance.now();
    const manifestResponse = await fetch(`${url}${lakeRoutes.manifest}`, { headers: { cookie } });
    const manifestText = await manifestResponse.text();
    const compactSeconds = (performance.now() - compactStarted) / 1000;
    const manifest = JSON.parse(manifestText) as LakeManifest;
    const compactPeak = await peakRss();
    const lakeRows = manifest.files.reduce((sum, file) => sum + file.rows, 0);
    const lakeBytes = manifest.files.reduce((sum, file) => sum + file.bytes, 0);

    // The console's first load of the lake: the manifest, every file, the tail.
    let wire = Buffer.byteLength(manifestText);
    let lakeSeconds = 0;
    for (const file of manifest.files) {
      const got = await download(`${url}${lakeRoutes.files}/${file.path}`, cookie);
      wire += got.bytes;
      lakeSeconds += got.seconds;
    }
    const tail = await download(`${url}${manifest.tail.url}`, cookie);
    wire += tail.bytes;
    lakeSeconds += tail.seconds;
    await peakRss();

    const exported = await download(`${url}${lakeRoutes.tail}`, cookie);
    const exportPeak = await peakRss();

    const label = `${storedEvents.toLocaleString('en')} events, embedded PGlite, loopback HTTP`;
    const lakeLabel = `${manifest.files.length} Parquet files, ZSTD, plus manifest and tail`;
    const exportLabel = "today's export: every event as one Arrow stream";
    return [
      {
        name: `compaction throughput (${label}; the manifest route compacting the whole tail)`,
        unit: 'events/s',
        ours: {
          label: `${lakeRows.toLocaleString('en')} events in ${compactSeconds.toFixed(1)} s`,
          value: lakeRows / compactSeconds,
        },
        peer: {
          label: `${exportLabel}, read by the same server (${exported.seconds.toFixed(1)} s)`,
          value: storedEvents / exported.seconds,
        },
      },
      {
        name: 'bytes per event at rest',
        unit: 'B/event',
        ours: { label: `${(lakeBytes / 2 ** 20).toFixed(1)} MiB of lake files`, value: lakeBytes / lakeRows },
        peer: { label: 'the export is not stored', value: undefined },
      },
      {
        name: 'bytes on the wire per event, first full load',
        unit: 'B/event',
        ours: {
          label: `${lakeLabel} (${(wire / 2 ** 20).toFixed(1)} MiB in ${lakeSeconds.toFixed(1)} s)`,
          value: wire / storedEvents,
        },
        peer: {
          label: `${exportLabel} (${(exported.bytes / 2 ** 20).toFixed(1)} MiB)`,
          value: exported.bytes / storedEvents,
        },
      },
      {
        name: 'bytes on the wire per event, a later load (files cached: manifest and tail only)',
        unit: 'B/event',
        ours: {
          label: 'the manifest and the tail',
          value: (Buffer.byteLength(manifestText) + tail.bytes) / storedEvents,
        },
        peer: { label: `${exportLabel}, again`, value: exported.bytes / storedEvents },
      },
      {
        name: 'peak server RSS',
        unit: 'MiB',
        ours: { label: `while compacting (after seeding: ${seededPeak.toFixed(0)} MiB)`, value: compactPeak },
        peer: { label: 'while streaming the export', value: exportPeak },
      },
    ];
  } finally {
    server.kill('SIGTERM');
  }
}
