'use client';
// The segment console (being built): shows the shared dataset is available here.
import { DatasetGate } from '../DatasetGate';

export function SegmentsPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Segments</h1>
        <p className="text-slate-600">Build a segment and see who is in it, counted in this browser.</p>
      </div>
      <DatasetGate>
        {({ summary }) => <p data-testid="segments-ready">{summary.customers} customers loaded.</p>}
      </DatasetGate>
    </div>
  );
}
