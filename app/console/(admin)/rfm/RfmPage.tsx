'use client';
// RFM: the R×F grid of customers, the named segments, and who is in each.
import { DatasetGate } from '../DatasetGate';

export function RfmPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">RFM</h1>
        <p className="text-slate-600">Customers by recency and frequency of purchase, in the ten named segments.</p>
      </div>
      <DatasetGate>{({ summary }) => <p data-testid="rfm-ready">{summary.customers} customers loaded.</p>}</DatasetGate>
    </div>
  );
}
