'use client';
// Loads data into the console's shared analytics worker (DuckDB-WASM) and shows
// what was loaded: the server's events, or a file the marketer brings. The
// Segments and RFM pages query the same worker and dataset.
import { useState } from 'react';
import { useDataset } from '../DatasetProvider';
import { FileSource } from './FileSource';
import { ServerSource } from './ServerSource';
import { SourceChoice, type DataSource } from './SourceChoice';

export function DataPanel() {
  const dataset = useDataset();
  // Coming back to this page shows the source that is loaded (a file stays loaded).
  const [source, setSource] = useState<DataSource>(
    dataset.state.status !== 'idle' && dataset.state.source.kind === 'file' ? 'file' : 'server',
  );
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Data</h1>
        <p className="text-slate-600">
          The data this browser&apos;s analytics engine (DuckDB in a web worker) analyses: the server&apos;s events, or
          a file of your own. Segments and RFM use what is loaded here.
        </p>
      </div>
      <SourceChoice value={source} onChange={setSource} />
      {source === 'server' ? <ServerSource dataset={dataset} /> : <FileSource dataset={dataset} />}
    </div>
  );
}
