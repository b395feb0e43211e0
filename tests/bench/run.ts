// `npm run bench`: every benchmark prints our figure beside the peer's figure,
// measured in the same run on the same machine. Timings belong here, never in
// tests. Needs a build (`npm run build`) for the ones that start the app.
import { collectorBench } from './collector.bench';
import { printReport } from './report';
import { storageBench } from './storage.bench';
import { trackCallBench, trackerSizeBench } from './tracker.bench';

const benches = [
  { title: 'Tracker size (page-side bytes)', run: trackerSizeBench },
  { title: 'Tracker main-thread cost (headless Chromium)', run: trackCallBench },
  { title: 'Collector (the built app, loopback HTTP)', run: collectorBench },
  { title: 'Storage (server)', run: storageBench },
];

const only = process.argv[2];
for (const bench of benches) {
  if (only && !bench.title.toLowerCase().includes(only.toLowerCase())) continue;
  printReport(bench.title, await bench.run());
}
