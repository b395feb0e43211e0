'use client';
// Loads data into the analytics worker (DuckDB-WASM) and shows what was loaded:
// the server's events, or a file the marketer brings. The console's later panels
// (segments, RFM) query the same worker.
import { useState } from 'react';
import { FileSource } from './FileSource';
import { ServerSource } from './ServerSource';
import { SourceChoice, type DataSource } from './SourceChoice';
import { useAnalyticsEngine } from './useAnalyticsEngine';

export function DataPanel({ exportUrl }: { exportUrl: string }) {
  const engine = useAnalyticsEngine();
  const [source, setSource] = useState<DataSource>('server');
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Data</h1>
        <p className="text-slate-600">
          The data this browser&apos;s analytics engine (DuckDB in a web worker) analyses: the server&apos;s events, or
          a file of your own.
        </p>
      </div>
      <SourceChoice value={source} onChange={setSource} />
      {source === 'server' ? <ServerSource engine={engine} exportUrl={exportUrl} /> : <FileSource engine={engine} />}
    </div>
  );
}
