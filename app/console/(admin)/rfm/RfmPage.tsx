'use client';
// RFM: the R×F grid of customers with the ten named regions, the segment table,
// and the members of a clicked cell or segment. The model can be published.
import { useCallback, useState } from 'react';
import type { RfmSegmentName, SegmentTree } from '@/lib/contracts/segment';
import { DatasetGate } from '../DatasetGate';
import { useDataset } from '../DatasetProvider';
import { MembersTable } from '../_members/MembersTable';
import { PublishRfmModel } from './PublishRfmModel';
import { RfmHeatmap, type RfmCell } from './RfmHeatmap';
import { RfmSegmentTable } from './RfmSegmentTable';
import { useRfmQuery } from './useRfmQuery';

type Selection = { kind: 'cell'; r: number; f: number } | { kind: 'segment'; segment: RfmSegmentName } | null;

function selectionTree(selection: NonNullable<Selection>): SegmentTree {
  return selection.kind === 'cell'
    ? { kind: 'rfmScore', r: [selection.r, selection.r], f: [selection.f, selection.f] }
    : { kind: 'rfmSegment', segments: [selection.segment] };
}

export function RfmPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">RFM</h1>
        <p className="text-slate-600">
          Customers by recency (R) and frequency (F) of purchase, scored 1–5 from the quintiles of the loaded data, in
          the ten named segments. Click a cell or a segment to list its customers.
        </p>
      </div>
      <DatasetGate>
        {({ generation, summary }) => <RfmView generation={generation} allCustomers={summary.customers} />}
      </DatasetGate>
    </div>
  );
}

function RfmView({ generation, allCustomers }: { generation: number; allCustomers: number }) {
  const { engine } = useDataset();
  const state = useRfmQuery(engine, generation);
  const [selection, setSelection] = useState<Selection>(null);
  const selectCell = useCallback((cell: RfmCell) => setSelection({ kind: 'cell', r: cell.r, f: cell.f }), []);
  if (state.status === 'loading') return <p className="text-sm text-slate-600">Scoring customers…</p>;
  if (state.status === 'error') {
    return (
      <p role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800">
        RFM could not be computed: {state.message}
      </p>
    );
  }
  const { report, means } = state;
  if (report.customers === 0) {
    return (
      <p className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-sm" data-testid="rfm-empty">
        No purchases in the loaded data: RFM needs `Order Completed` events (or a file with amounts).
      </p>
    );
  }
  return (
    <div className="space-y-6">
      <div className="space-y-6">
        <section aria-labelledby="grid-heading" className="space-y-2 rounded-xl border border-slate-200 bg-white p-4">
          <h2 id="grid-heading" className="font-semibold">
            R × F grid ({new Intl.NumberFormat('en').format(report.customers)} customers)
          </h2>
          <RfmHeatmap report={report} selected={selection?.kind === 'cell' ? selection : null} onSelect={selectCell} />
        </section>
        <section aria-labelledby="segments-heading" className="min-w-0 space-y-2">
          <h2 id="segments-heading" className="font-semibold">
            Segments
          </h2>
          <RfmSegmentTable
            report={report}
            allCustomers={allCustomers}
            means={means}
            selected={selection?.kind === 'segment' ? selection.segment : null}
            onSelect={(segment) => setSelection({ kind: 'segment', segment })}
          />
          <PublishRfmModel model={report.model} />
        </section>
      </div>
      {selection ? (
        <MembersTable
          engine={engine}
          tree={selectionTree(selection)}
          generation={generation}
          title={
            selection.kind === 'cell'
              ? `Customers with R ${selection.r} and F ${selection.f}`
              : `Customers in ${selection.segment}`
          }
          fileName={selection.kind === 'cell' ? `rfm-r${selection.r}-f${selection.f}` : `rfm-${selection.segment}`}
        />
      ) : (
        <p className="text-sm text-slate-600" data-testid="rfm-no-selection">
          Select a cell of the grid or a segment to list its customers.
        </p>
      )}
    </div>
  );
}
