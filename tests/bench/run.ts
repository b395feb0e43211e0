// `npm run bench`: every benchmark prints our figure beside the peer's figure,
// measured in the same run on the same machine. Timings belong here, never in tests.
// `npm run bench -- analytics` runs only the benchmarks whose name matches.
import { analyticsBench } from './analytics.bench';
import { printReport } from './report';
import { storageBench } from './storage.bench';

const benches = [
  { name: 'storage', title: 'Storage (server)', run: storageBench },
  { name: 'analytics', title: 'Analytics engine vs arquero and a JS loop (Chromium)', run: analyticsBench },
];

const only = process.argv.slice(2);
for (const bench of benches.filter((b) => only.length === 0 || only.includes(b.name))) {
  printReport(bench.title, await bench.run());
}
