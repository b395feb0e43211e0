// `npm run bench`: every benchmark prints our figure beside the peer's figure,
// measured in the same run on the same machine. Timings belong here, never in tests.
import { printReport } from './report';
import { storageBench } from './storage.bench';

const benches = [{ title: 'Storage (server)', run: storageBench }];

for (const bench of benches) {
  printReport(bench.title, await bench.run());
}
