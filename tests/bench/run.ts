// `npm run bench`: every benchmark prints our figure beside the peer's figure,
// measured in the same run on the same machine. Timings belong here, never in
// tests. Needs a build (`npm run build`) for the ones that start the app.
// `npm run bench -- tracker collector` runs only the benchmarks so named.
import { analyticsBench } from './analytics.bench';
import { audienceBench } from './audience.bench';
import { automationsBench } from './automations.bench';
import { collectorBench } from './collector.bench';
import { consoleSyncBench } from './console-sync.bench';
import { dataPathBench } from './data-path.bench';
import { exportBench } from './export.bench';
import { fuzzBench } from './fuzz.bench';
import { geoBench } from './geo.bench';
import { ingestBench } from './ingest.bench';
import { pushBench } from './push.bench';
import { intentBench } from './intent.bench';
import { momentsBench } from './moments.bench';
import { printReport } from './report';
import { storageBench } from './storage.bench';
import { trackCallBench, trackerSizeBench } from './tracker.bench';

const benches = [
  { name: 'tracker', title: 'Tracker size (page-side bytes)', run: trackerSizeBench },
  { name: 'tracker', title: 'Tracker main-thread cost (headless Chromium)', run: trackCallBench },
  { name: 'collector', title: 'Collector (the built app, loopback HTTP)', run: collectorBench },
  {
    name: 'ingest',
    title: "Ingest: the Segment-compatible /v1/batch (Segment's Node library) vs the collector (the built app)",
    run: ingestBench,
  },
  { name: 'storage', title: 'Storage (server)', run: storageBench },
  {
    name: 'export',
    title: 'Event export and the requests beside it (route handlers, loopback HTTP)',
    run: exportBench,
  },
  {
    name: 'data-path',
    title: "The console's data path: event lake vs full export (route handlers, loopback HTTP)",
    run: dataPathBench,
  },
  { name: 'push', title: 'Web Push delivery (loopback sink)', run: pushBench },
  {
    name: 'console-sync',
    title: 'Console data path: lake sync vs the export stream (Chromium, loopback)',
    run: consoleSyncBench,
  },
  { name: 'analytics', title: 'Analytics engine vs arquero and a JS loop (Chromium)', run: analyticsBench },
  {
    name: 'intent',
    title: 'Intent: BG/NBD fitting (Chromium worker vs Node and the lifetimes method)',
    run: intentBench,
  },
  { name: 'moments', title: 'Micro-moments: search to notification (Chromium)', run: momentsBench },
  {
    name: 'audience',
    title: 'Campaign audiences: a segment on the server vs in the console engine',
    run: audienceBench,
  },
  {
    name: 'automations',
    title: 'Automations: a segment-entry check vs sending the campaign again to the whole segment',
    run: automationsBench,
  },
  { name: 'geo', title: 'Geography at ingest: a lookup, the collector with geo on and off, the memory', run: geoBench },
  { name: 'fuzz', title: 'Hostile input through the collector and subscribe routes (fast-check)', run: fuzzBench },
];

const only = process.argv.slice(2);
for (const bench of benches.filter((b) => only.length === 0 || only.includes(b.name))) {
  printReport(bench.title, await bench.run());
}
